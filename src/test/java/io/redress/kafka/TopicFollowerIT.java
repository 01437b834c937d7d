package io.redress.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Following a topic on a real broker never stops before it is closed. */
class TopicFollowerIT {

  private static final Deserializer<String> TEXT = (topic, bytes) -> new String(bytes, StandardCharsets.UTF_8);

  /** Topics are provisioned, not made by whoever reads them first: the follower may start before its topic exists. */
  private final KafkaSettings kafka = ConfigLoader.fromYaml("", Map.of())
      .withBootstrapServers(TestBroker.bootstrapServers()).kafka();
  private final String topic = "followed-" + UUID.randomUUID();
  private final BlockingQueue<String> handed = new LinkedBlockingQueue<>();

  @Test
  void aTopicMadeAfterTheFollowerStartedIsFollowedOnceItExists() throws Exception {
    try (TopicFollower<String> follower = new TopicFollower<>(kafka, topic, TEXT,
        (key, value) -> handed.add(key + "=" + value))) {
      follower.start();
      Thread.sleep(2_000); // it has looked for the topic and not found it

      create();
      publish("global", "open");

      assertThat(handed.poll(30, TimeUnit.SECONDS)).isEqualTo("global=open");
    }
  }

  @Test
  void aRecordTheCallbackCannotTakeIsSkippedAndTheNextOneHanded() throws Exception {
    create();
    publish(null, "no key");
    publish("poison", "refused");
    publish("global", "open");
    try (TopicFollower<String> follower = new TopicFollower<>(kafka, topic, TEXT, (key, value) -> {
      if (key.equals("poison")) { // and a null key would throw here too, as a ConcurrentHashMap does
        throw new IllegalArgumentException("not a breaker scope");
      }
      handed.add(key + "=" + value);
    })) {
      follower.start();

      assertThat(handed.poll(30, TimeUnit.SECONDS)).isEqualTo("global=open");
    }
  }

  private void create() throws Exception {
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
  }

  private void publish(String key, String value) throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }
}
