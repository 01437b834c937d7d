package io.redress.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.config.Topics;
import io.redress.contract.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The creator index: who created each resource, from the CloudTrail management events on
 * {@link Topics#cloudTrail()}. After each poll of lessons ({@link #lessonsPolled()}) the first lookup reads the topic
 * to its end: every lesson of the poll was published before that read began, so an event published before a lesson
 * is always seen, at the cost of one request to the broker per poll rather than one per lesson. The earliest creation
 * of a resource by CloudTrail's event time is kept, whichever partition's events are read first (the topic is keyed
 * as its connector chose, not by resource): a later call on it is a change, not its creation. Events that are not
 * creations, or not JSON, are skipped.
 *
 * <p>An index that cannot be read to its end within {@link #CATCH_UP_LIMIT} (a broker away, a partition without a
 * leader, reading not allowed) is no reason to withhold a lesson: what was read so far still answers, the lesson goes
 * on to the next source, and the first lookup after the next poll reads on from where this one stopped.
 *
 * <p>Not thread-safe: one per notifier loop.
 */
public final class CreatorIndex implements CreatorLookup, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CreatorIndex.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(30);

  private final Consumer<byte[], byte[]> consumer;
  private final String topic;
  private final Duration catchUpLimit;
  private final Map<CloudTrailEvents.ResourceKey, CloudTrailEvents.Creation> byResource = new HashMap<>();
  private List<TopicPartition> partitions;
  /** Read to the end since the last poll of lessons. */
  private boolean current;

  public CreatorIndex(KafkaSettings kafka) {
    Map<String, Object> properties = kafka.consumerConfig();
    // No group: every notifier reads the whole index itself and commits nothing.
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.topic = kafka.topics().cloudTrail();
    this.catchUpLimit = CATCH_UP_LIMIT;
  }

  /**
   * @param topic the CloudTrail events' topic
   * @param catchUpLimit how long a lookup may spend reading the topic to its end
   */
  CreatorIndex(Consumer<byte[], byte[]> consumer, String topic, Duration catchUpLimit) {
    this.consumer = consumer;
    this.topic = topic;
    this.catchUpLimit = catchUpLimit;
  }

  @Override
  public Stream<Creator> candidates(Finding finding) {
    if (!current) {
      catchUp();
      current = true;
    }
    return CloudTrailEvents.ResourceKey.of(finding.getResource()).map(byResource::get).stream()
        .map(creation -> new Creator(creation.principal(),
            "CloudTrail recorded who created it (" + creation.eventName() + ")"));
  }

  /** Lessons were polled: the next lookup reads the topic to its end first. */
  public void lessonsPolled() {
    current = false;
  }

  /** Adds one event as published on the topic: an EventBridge event whose detail is the CloudTrail record. */
  void add(byte[] event) {
    try {
      JsonNode root = JSON.readTree(event);
      JsonNode record = root.has("detail") ? root.path("detail") : root;
      CloudTrailEvents.creations(record).forEach(creation -> byResource.merge(creation.key(), creation,
          CloudTrailEvents.Creation::earlier));
    } catch (java.io.IOException e) {
      log.warn("skipping a {} record that is not JSON: {}", topic, e.getMessage());
    }
  }

  private void catchUp() {
    Instant deadline = Instant.now().plus(catchUpLimit);
    try {
      readToEnd(deadline);
    } catch (InterruptException | WakeupException e) {
      throw e; // the notifier is being stopped
    } catch (KafkaException e) {
      log.warn("could not read {} to its end; this poll's lessons go on to the next creator source: {}", topic,
          e.toString());
    }
  }

  private void readToEnd(Instant deadline) {
    if (partitions == null) {
      List<TopicPartition> found = consumer.partitionsFor(topic, remaining(deadline)).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
      if (found.isEmpty()) {
        return; // no such topic (yet): nothing is known, and the lookups after the next poll look again
      }
      partitions = found;
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
    while (partitions.stream().anyMatch(partition -> consumer.position(partition, remaining(deadline))
        < end.get(partition))) {
      if (Instant.now().isAfter(deadline)) {
        throw new TimeoutException("could not read " + topic + " to its end within " + catchUpLimit);
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.value() != null) {
          add(record.value());
        }
      }
    }
  }

  private static Duration remaining(Instant deadline) {
    Duration left = Duration.between(Instant.now(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }

  @Override
  public void close() {
    consumer.close();
  }

  static JsonNode parse(String json) throws JsonProcessingException {
    return JSON.readTree(json);
  }
}
