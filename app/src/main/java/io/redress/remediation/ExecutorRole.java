package io.redress.remediation;

import io.micrometer.core.instrument.MeterRegistry;
import io.redress.chain.ResultChain;
import io.redress.config.RedressConfig;
import io.redress.config.RedressConfig.ExecutorSettings;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.config.Topics;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.exceptions.ExceptionList;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.Concurrency;
import io.redress.kafka.RecordLoop;
import io.redress.resource.ResourceIds;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The executor role: consumes commands, runs each, and writes its result, by the {@link RecordLoop} rules. Start it
 * on its own thread; {@link #close()} from any thread stops it and returns once its Kafka clients are closed.
 *
 * <p>The commands of one poll run side by side ({@code executor.concurrency}), those on one resource one after the
 * other in the order issued, at most {@code executor.per-account-region} at once in one account and region. The
 * exception list is read to its end once per poll, before any of its commands acts.
 *
 * <p>The results of a poll and its commands' offsets commit in one transaction, so a result is published exactly
 * once per command in Kafka, on the partition of its command (both are keyed by resource). The AWS change itself can
 * be repeated (a crash between the change and the commit replays the command); the actions are idempotent, so a
 * replay reports ALREADY_COMPLIANT.
 */
public final class ExecutorRole implements Runnable, AutoCloseable {

  static final String STAGE = "execute";
  /**
   * Commands per poll for each one that may run at once: enough to keep every slot busy; a poll that AWS slows down
   * leaves the commands it could not start in time for the next ({@link RecordLoop#startWithin}).
   */
  private static final int POLL_RECORDS_PER_SLOT = 10;
  private static final int MAX_POLL_RECORDS = 200;

  private final RecordLoop<RemediationCommand> loop;

  /** @param instanceId this instance's static member id in the executor group, if it has one */
  public ExecutorRole(KafkaSettings kafka, RedressConfig config, RemediationCatalogue catalogue,
      Optional<String> instanceId) {
    this(kafka, new RemediationExecutor(config.aws(), catalogue.with(config.policy().parameters())),
        config.executor(), instanceId);
  }

  /**
   * @param kafka its bootstrap servers must be set; when Redress runs its embedded broker, pass that broker's address
   * @param executor closed with the role
   */
  public ExecutorRole(KafkaSettings kafka, RemediationExecutor executor, ExecutorSettings settings,
      Optional<String> instanceId) {
    String group = kafka.applicationId() + "-executor";
    ExceptionList exceptions = new ExceptionList(kafka);
    Concurrency<RemediationCommand> concurrency = new Concurrency<>(settings.concurrency(),
        settings.perAccountRegion(), ExecutorRole::lane);
    int pollRecords = Math.min(MAX_POLL_RECORDS, POLL_RECORDS_PER_SLOT * settings.concurrency());
    // Each result is linked into the hash chain of its command's partition number (tamper evidence).
    Topics topics = kafka.topics();
    ResultChain results = new ResultChain(kafka, topics.remediationResults());
    this.loop = new RecordLoop<>(STAGE, topics.deadLetters(), List.of(topics.remediations()),
        AvroSerde.of(RemediationCommand.class).deserializer(),
        new Execute(executor, exceptions, results, topics.remediationResults()),
        RecordLoop.Retry.DEFAULT, concurrency, RecordLoop.startWithin(kafka.consumerConfig()),
        RecordLoop.consumer(kafka, group, pollRecords, instanceId), RecordLoop.producer(kafka, group), () -> {
          exceptions.close();
          executor.close();
          results.close();
        });
  }

  /**
   * The account and region whose API limits a command's calls share: the resource's home region, where its calls go
   * (a multi-region trail's, whichever region reported it).
   */
  static String lane(RemediationCommand command) {
    return command.getResource().getAccount() + "/" + ResourceIds.homeRegion(command.getResource());
  }

  /** Runs a command into its result, the result keyed as its command so both share a partition. */
  private record Execute(RemediationExecutor executor, ExceptionList exceptions, ResultChain results,
      String resultsTopic)
      implements RecordLoop.Handler<RemediationCommand> {
    private static final Serializer<RemediationResult> RESULTS = AvroSerde.of(RemediationResult.class).serializer();

    /** Once per poll, so an exception approved while its commands waited still stops them. */
    @Override
    public void beforeBatch() {
      exceptions.refresh();
    }

    @Override
    public List<ProducerRecord<byte[], byte[]>> handle(ConsumerRecord<byte[], byte[]> input,
        RemediationCommand command) {
      try {
        return outputs(input, executor.execute(command, exceptions));
      } catch (RemediationExecutor.StoppedBeforeChanging e) {
        throw new RecordLoop.StoppedBeforeActing(e.getMessage(), outputs(input, e.answer()));
      }
    }

    private List<ProducerRecord<byte[], byte[]>> outputs(ConsumerRecord<byte[], byte[]> input,
        RemediationResult result) {
      return List.of(new ProducerRecord<>(resultsTopic, input.key(), RESULTS.serialize(resultsTopic, result)));
    }

    /** Linked in the order results are sent, which is not the order concurrent commands finish in. */
    @Override
    public ProducerRecord<byte[], byte[]> beforeSend(ConsumerRecord<byte[], byte[]> input,
        ProducerRecord<byte[], byte[]> output) {
      return results.link(input, output);
    }

    @Override
    public void forgetSent() {
      results.forget();
    }
  }

  @Override
  public void run() {
    loop.run();
  }

  /** Kafka's own metrics of the role's consumer and producer, until the handle closes. */
  public AutoCloseable bindMetrics(MeterRegistry registry) {
    return loop.bindMetrics(registry);
  }

  /** Stops the loop, waiting for the commands in hand to finish and the clients to close. */
  @Override
  public void close() {
    loop.close();
  }
}
