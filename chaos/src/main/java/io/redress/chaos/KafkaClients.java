package io.redress.chaos;

import io.redress.config.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** The harness's own clients of the broker: an admin, the input feeder and the output watcher. */
final class KafkaClients implements AutoCloseable {

  /** Partitions of every topic, Redress's default (kafka.partitions): per-resource order across partitions. */
  static final int PARTITIONS = 6;
  private static final Duration ADMIN_PATIENCE = Duration.ofSeconds(60);

  private final Admin admin;
  private final InputFeeder feeder;
  private final OutputWatcher watcher;

  private KafkaClients(Admin admin, InputFeeder feeder, OutputWatcher watcher) {
    this.admin = admin;
    this.feeder = feeder;
    this.watcher = watcher;
  }

  static KafkaClients connect(String bootstrapServers, InputLedger ledger, Observations observations) {
    Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.CLIENT_ID_CONFIG, "chaos-admin"));
    return new KafkaClients(admin, new InputFeeder(bootstrapServers, ledger),
        new OutputWatcher(bootstrapServers, observations));
  }

  Admin admin() {
    return admin;
  }

  InputFeeder feeder() {
    return feeder;
  }

  OutputWatcher watcher() {
    return watcher;
  }

  /**
   * The last stable offset of each partition of redress.decisions: a decision read at or past it was committed
   * after this call. An open transaction of a killed instance holds it back until it is aborted, and an aborted
   * decision is never read, so only a real new decision passes it.
   */
  Map<Integer, Long> committedDecisionEnds() {
    Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, PARTITIONS)
        .mapToObj(partition -> new TopicPartition(Topics.UNPREFIXED.decisions(), partition))
        .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
    try {
      return admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
          .get(ADMIN_PATIENCE.toMillis(), TimeUnit.MILLISECONDS).entrySet().stream()
          .collect(Collectors.toMap(end -> end.getKey().partition(), end -> end.getValue().offset()));
    } catch (ExecutionException | TimeoutException e) {
      throw new ChaosException("cannot read the committed end of " + Topics.UNPREFIXED.decisions() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChaosException("interrupted while reading offsets", e);
    }
  }

  @Override
  public void close() {
    watcher.close();
    feeder.close();
    admin.close(Duration.ofSeconds(10));
  }
}
