package io.redress.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A loop whose records are slow to handle (a throttled API, a slow mail server), on a real broker with a short
 * max.poll.interval.ms: a poll's records would take twice the interval, and the loop must still commit every output
 * once, handling every record once, instead of being put out of its group after each poll and handed the same
 * records again.
 */
class RecordLoopPollIntervalIT {

  private static final int RECORDS = 12;
  private static final Duration HANDLING = Duration.ofSeconds(1);
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @Test
  void slowRecordsAreHandledOnceAndCommittedThoughAPollOfThemOutlastsThePollInterval() throws Exception {
    String run = UUID.randomUUID().toString();
    String input = "slow-in-" + run;
    String output = "slow-out-" + run;
    String deadLetters = "slow-dead-letters-" + run;
    KafkaSettings kafka = ConfigLoader.fromYaml("kafka: {consumer: {max.poll.interval.ms: \"6000\"}}", Map.of())
        .withBootstrapServers(TestBroker.bootstrapServers()).kafka();
    Properties client = kafka.clientProperties();
    try (Admin admin = Admin.create(client)) {
      admin.createTopics(List.of(new NewTopic(input, 1, (short) 1), new NewTopic(output, 1, (short) 1),
          new NewTopic(deadLetters, 1, (short) 1))).all().get();
    }
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(client, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < RECORDS; i++) {
        producer.send(new ProducerRecord<>(input, "key-" + i, "record-" + i));
      }
    }
    Map<String, AtomicInteger> handlings = new ConcurrentHashMap<>();
    String group = "slow-" + run;
    RecordLoop<String> loop = new RecordLoop<>("execute", deadLetters, List.of(input),
        (topic, bytes) -> new String(bytes, StandardCharsets.UTF_8), (record, value) -> {
          handlings.computeIfAbsent(value, any -> new AtomicInteger()).incrementAndGet();
          sleep(HANDLING);
          return List.of(new ProducerRecord<>(output, record.key(), ("done:" + value).getBytes(StandardCharsets.UTF_8)));
        }, RecordLoop.Retry.DEFAULT, Concurrency.sequential(), RecordLoop.startWithin(kafka.consumerConfig()),
        RecordLoop.consumer(kafka, group, 50, Optional.empty()), RecordLoop.producer(kafka, group), () -> { });
    Thread looping = new Thread(loop, "slow-loop");
    looping.start();
    List<String> outputs;
    try {
      outputs = readCommitted(client, output);
    } finally {
      loop.close();
      looping.join(Duration.ofSeconds(30).toMillis());
    }

    assertThat(outputs).hasSize(RECORDS).doesNotHaveDuplicates();
    assertThat(handlings).hasSize(RECORDS).allSatisfy((value, times) -> assertThat(times).as(value).hasValue(1));
  }

  private static List<String> readCommitted(Properties client, String topic) {
    Properties settings = new Properties();
    settings.putAll(client);
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    settings.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-reader");
    List<String> read = new ArrayList<>();
    try (KafkaConsumer<String, String> reader =
        new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
      reader.subscribe(List.of(topic));
      long until = System.nanoTime() + PATIENCE.toNanos();
      while (read.size() < RECORDS && System.nanoTime() < until) {
        for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(500))) {
          read.add(record.value());
        }
      }
    }
    return read;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
