package io.redress.audit;

import io.redress.contract.BreakerState;
import io.redress.contract.DeadLetter;
import io.redress.contract.Decision;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.contract.Resource;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the audit topics (decisions, dead letters, held commands, breaker changes, remediation results) and
 * prints each record as it is committed, in words. It reads them as an auditor would: read_committed, from the
 * start, without joining any group.
 */
public final class AuditPrinter implements Runnable, AutoCloseable {

  private static final List<String> FOLLOWED = List.of(
      Topics.DECISIONS, Topics.DEAD_LETTERS, Topics.REMEDIATIONS_HELD, Topics.BREAKER, Topics.REMEDIATION_RESULTS);

  private final KafkaConsumer<String, byte[]> consumer;
  private final PrintStream out;
  private final AuditTally tally = new AuditTally();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AvroSerde<Decision> decisions = AvroSerde.of(Decision.class);
  private final AvroSerde<DeadLetter> deadLetters = AvroSerde.of(DeadLetter.class);
  private final AvroSerde<RemediationCommand> commands = AvroSerde.of(RemediationCommand.class);
  private final AvroSerde<BreakerState> breakerStates = AvroSerde.of(BreakerState.class);
  private final AvroSerde<RemediationResult> results = AvroSerde.of(RemediationResult.class);

  public AuditPrinter(Properties clientProperties, PrintStream out) {
    Properties properties = new Properties();
    properties.putAll(clientProperties);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    this.out = out;
  }

  public AuditTally tally() {
    return tally;
  }

  @Override
  public void run() {
    try {
      consumer.assign(FOLLOWED.stream()
          .flatMap(topic -> consumer.partitionsFor(topic).stream())
          .map(info -> new TopicPartition(info.topic(), info.partition()))
          .toList());
      while (!closed.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          print(record);
        }
      }
    } catch (WakeupException e) {
      if (!closed.get()) {
        throw e;
      }
    } finally {
      consumer.close();
    }
  }

  private void print(ConsumerRecord<String, byte[]> record) {
    String topic = record.topic();
    if (topic.equals(Topics.DECISIONS)) {
      Decision decision = decisions.deserializer().deserialize(topic, record.value());
      out.printf("%nDECISION  %-14s %-7s %s%n          why: %s%n", decision.getOutcome(),
          decision.getFinding().getControl() == null ? "-" : decision.getFinding().getControl(),
          describe(decision.getFinding().getResource()), decision.getReason());
      tally.decided(decision);
    } else if (topic.equals(Topics.DEAD_LETTERS)) {
      DeadLetter deadLetter = deadLetters.deserializer().deserialize(topic, record.value());
      out.printf("%nDEAD LETTER  %s offset %d kept on %s%n          why: %s%n", deadLetter.getTopic(),
          deadLetter.getOffset(), Topics.DEAD_LETTERS, deadLetter.getReason());
      tally.deadLettered();
    } else if (topic.equals(Topics.REMEDIATIONS_HELD)) {
      RemediationCommand command = commands.deserializer().deserialize(topic, record.value());
      out.printf("%nHELD      %s on %s, held by breaker %s until a human releases it%n", command.getAction(),
          describe(command.getResource()), command.getHeldBy());
    } else if (topic.equals(Topics.BREAKER)) {
      BreakerState state = breakerStates.deserializer().deserialize(topic, record.value());
      out.printf("%nBREAKER   %s is %s: %s%n", state.getScope(), state.getStatus(), state.getReason());
    } else if (topic.equals(Topics.REMEDIATION_RESULTS)) {
      RemediationResult result = results.deserializer().deserialize(topic, record.value());
      out.printf("%nRESULT    %-14s %s on %s%n          %s%n", result.getStatus(), result.getAction(),
          describe(result.getResource()), result.getMessage());
      tally.resulted();
    }
    out.flush();
  }

  private static String describe(Resource resource) {
    return resource.getId() + " (account " + resource.getAccount() + ", " + resource.getRegion() + ")";
  }

  @Override
  public void close() {
    closed.set(true);
    consumer.wakeup();
  }
}
