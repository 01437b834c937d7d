package io.redress.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * What holds back the read_committed readers of a stalled run: each partition whose last stable offset is behind its
 * high watermark, the open transaction there, and what its coordinator says of it.
 *
 * <p>A one-node broker can leave a transaction open for good: its coordinator skips the markers of a partition that
 * has no leader (as if the topic were deleted) and completes the transaction anyway, and on one node every partition
 * is leaderless while the broker stops, and again when a restart after a crash fences the old registration. Such a
 * partition shows an open transaction that its coordinator calls CompleteCommit or CompleteAbort at the same epoch,
 * or at the next one (transaction version 2 bumps the epoch as each transaction ends). Moments after a commit the
 * same picture is normal: the coordinator has the outcome before the partition has its marker.
 */
final class OpenTransactions {

  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private OpenTransactions() {
  }

  /** One line per open transaction holding back a partition of any topic; none when nothing is held back. */
  static List<String> holdingBack(Admin admin) {
    return holdingBack(admin, await(admin.listTopics().names()));
  }

  /** One line per open transaction holding back a partition of {@code topics}; none when nothing is held back. */
  static List<String> holdingBack(Admin admin, Collection<String> topics) {
    Map<String, TopicDescription> described = await(admin.describeTopics(topics).allTopicNames());
    Map<TopicPartition, OffsetSpec> latest = described.values().stream()
        .flatMap(topic -> topic.partitions().stream().map(info -> new TopicPartition(topic.name(), info.partition())))
        .collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest()));
    var highWatermarks = await(admin.listOffsets(latest,
        new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all());
    var stableEnds = await(admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all());
    Set<TopicPartition> heldBack = latest.keySet().stream()
        .filter(partition -> stableEnds.get(partition).offset() < highWatermarks.get(partition).offset())
        .collect(Collectors.toSet());
    if (heldBack.isEmpty()) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    await(admin.describeProducers(heldBack).all()).forEach((partition, producers) -> producers.activeProducers()
        .stream()
        .filter(producer -> producer.currentTransactionStartOffset().isPresent())
        .forEach(producer -> lines.add(partition + ": last stable offset " + stableEnds.get(partition).offset()
            + ", high watermark " + highWatermarks.get(partition).offset() + "; " + describe(admin, producer))));
    lines.sort(null);
    return lines;
  }

  private static String describe(Admin admin, ProducerState producer) {
    String open = "transaction open from offset " + producer.currentTransactionStartOffset().getAsLong()
        + " by producer " + producer.producerId() + " (epoch " + producer.producerEpoch() + ", last write "
        + Instant.ofEpochMilli(producer.lastTimestamp()) + ")";
    Collection<TransactionListing> listings = await(admin.listTransactions(
        new ListTransactionsOptions().filterProducerIds(Set.of(producer.producerId()))).all());
    if (listings.isEmpty()) {
      return open + "; no coordinator knows the producer";
    }
    Map<String, TransactionDescription> coordinated = await(admin.describeTransactions(
        listings.stream().map(TransactionListing::transactionalId).toList()).all());
    return open + "; its coordinator: " + coordinated.entrySet().stream()
        .map(entry -> entry.getKey() + " is " + entry.getValue().state() + " at epoch "
            + entry.getValue().producerEpoch() + " with partitions " + entry.getValue().topicPartitions())
        .sorted()
        .collect(Collectors.joining(", "));
  }

  private static <T> T await(KafkaFuture<T> future) {
    try {
      return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new ChaosException("cannot read the open transactions from the broker: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChaosException("interrupted while reading the open transactions", e);
    }
  }
}
