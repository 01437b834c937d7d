package io.redress.remediation;

import io.redress.chain.ResultChain;
import io.redress.config.RedressConfig;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.exceptions.ExceptionList;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.RecordLoop;
import io.redress.kafka.Topics;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor role: consumes commands, runs each, and writes its result, by the {@link RecordLoop} rules. Start it
 * on its own thread; {@link #close()} from any thread stops it and returns once its Kafka clients are closed.
 *
 * <p>A result and its command's offset commit in one transaction, so a result is published exactly once per command
 * in Kafka. The AWS change itself can be repeated (a crash between the change and the commit replays the command);
 * the actions are idempotent, so a replay reports ALREADY_COMPLIANT.
 */
public final class ExecutorRole implements Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ExecutorRole.class);
  static final String STAGE = "execute";
  /** Each command may wait on AWS for seconds; a small poll keeps the loop well inside max.poll.interval.ms. */
  private static final int MAX_POLL_RECORDS = 20;

  private final RecordLoop<RemediationCommand> loop;

  /** @param instanceId this instance's static member id in the executor group, if it has one */
  public ExecutorRole(KafkaSettings kafka, RedressConfig config, RemediationCatalogue catalogue,
      Optional<String> instanceId) {
    this(kafka, new RemediationExecutor(config.aws(), catalogue), instanceId);
  }

  /**
   * @param kafka its bootstrap servers must be set; when Redress runs its embedded broker, pass that broker's address
   * @param executor closed with the role
   */
  public ExecutorRole(KafkaSettings kafka, RemediationExecutor executor, Optional<String> instanceId) {
    String group = kafka.applicationId() + "-executor";
    // Read to its end before each command, so an exception approved while the command waited still stops it.
    ExceptionList exceptions = new ExceptionList(kafka);
    // Each result is linked into the hash chain of its command's partition number (tamper evidence).
    ResultChain results = new ResultChain(kafka, Topics.REMEDIATION_RESULTS);
    RecordLoop.Handler<RemediationCommand> execute = (input, command) -> {
      RemediationResult result = executor.execute(command, exceptions);
      log.info("command {}: {} {} on {}", result.getCommandId(), result.getStatus(), result.getAction(),
          result.getResource().getId());
      return List.of(results.record(input, result));
    };
    this.loop = new RecordLoop<>(STAGE, Topics.REMEDIATIONS, AvroSerde.of(RemediationCommand.class).deserializer(),
        execute, RecordLoop.Retry.DEFAULT, RecordLoop.consumer(kafka, group, MAX_POLL_RECORDS, instanceId),
        RecordLoop.producer(kafka, group), () -> {
          exceptions.close();
          executor.close();
          results.close();
        }, results::forget);
  }

  @Override
  public void run() {
    loop.run();
  }

  /** Stops the loop, waiting for the current command to finish and the clients to close. */
  @Override
  public void close() {
    loop.close();
  }
}
