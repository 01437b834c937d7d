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
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The creator index: who created each resource, from the CloudTrail management events on
 * {@link Topics#cloudTrail()}. After each poll of lessons ({@link #lessonsPolled()}) the first lookup reads the topic
 * to its end: every lesson of the poll was published before that read began, so an event published before a lesson
 * is always seen, at the cost of one request to the broker per poll rather than one per lesson. The first creation of
 * a resource is kept: a later call on it is a change, not its creation. Events that are not creations, or not JSON,
 * are skipped.
 *
 * <p>Not thread-safe: one per notifier loop.
 */
public final class CreatorIndex implements CreatorLookup, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CreatorIndex.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(30);

  private final Consumer<byte[], byte[]> consumer;
  private final String topic;
  private final Map<String, CloudTrailEvents.Creation> byResource = new HashMap<>();
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
  }

  /** @param topic the CloudTrail events' topic */
  CreatorIndex(Consumer<byte[], byte[]> consumer, String topic) {
    this.consumer = consumer;
    this.topic = topic;
  }

  @Override
  public Stream<Creator> candidates(Finding finding) {
    if (!current) {
      catchUp();
      current = true;
    }
    return Optional.ofNullable(byResource.get(CloudTrailEvents.key(finding.getResource().getAccount(),
            finding.getResource().getId()))).stream()
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
      CloudTrailEvents.creation(record).ifPresent(creation -> byResource.putIfAbsent(creation.key(), creation));
    } catch (java.io.IOException e) {
      log.warn("skipping a {} record that is not JSON: {}", topic, e.getMessage());
    }
  }

  private void catchUp() {
    if (partitions == null) {
      List<TopicPartition> found = consumer.partitionsFor(topic).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
      if (found.isEmpty()) {
        return; // no such topic (yet): nothing is known, and the lookups after the next poll look again
      }
      partitions = found;
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    Instant deadline = Instant.now().plus(CATCH_UP_LIMIT);
    while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("could not read " + topic + " to its end within " + CATCH_UP_LIMIT);
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.value() != null) {
          add(record.value());
        }
      }
    }
  }

  @Override
  public void close() {
    consumer.close();
  }

  static JsonNode parse(String json) throws JsonProcessingException {
    return JSON.readTree(json);
  }
}
