package io.redress.notification;

import io.redress.config.RedressConfig;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.Notification;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier role: reads {@value Topics#NOTIFICATIONS}, renders each notification and hands it to a delivery
 * channel. {@link #run()} loops until {@link #close()} is called from another thread, then returns; to stop,
 * call {@code close()} and join the thread running it.
 */
public final class Notifier implements Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Notifier.class);
  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);

  private final Consumer<byte[], byte[]> consumer;
  private final Deserializer<Notification> notifications = AvroSerde.of(Notification.class).deserializer();
  private final NotificationRenderer renderer;
  private final DeliveryChannel channel;
  /** Claimed once, by run() or by a close() that comes first: whoever claims it owns the consumer. */
  private final AtomicBoolean claimed = new AtomicBoolean();
  private volatile boolean closed;

  /** Lessons and alerts rendered from the packaged templates, delivered to the log. */
  public Notifier(RedressConfig config) {
    this(config, new ConsoleChannel());
  }

  /** Lessons and alerts rendered from the packaged templates, delivered through {@code channel}. */
  public Notifier(RedressConfig config, DeliveryChannel channel) {
    this(new KafkaConsumer<>(consumerProperties(config.kafka())), new NotificationRenderer(config.notifications()),
        channel);
  }

  Notifier(Consumer<byte[], byte[]> consumer, NotificationRenderer renderer, DeliveryChannel channel) {
    this.consumer = consumer;
    this.renderer = renderer;
    this.channel = channel;
  }

  static Map<String, Object> consumerProperties(KafkaSettings kafka) {
    Map<String, Object> properties = kafka.clientConfig();
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.applicationId() + "-notifier");
    // The topology writes notifications in exactly-once transactions; an aborted transaction's records stay in the
    // log, and only read_committed hides them, so nobody is taught about a decision that was rolled back.
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // A first start reads what was raised before it, rather than only what comes after.
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // poll() commits only what earlier polls returned, all handled by then: at-least-once, and a redelivered
    // message keeps its notification id for the channel to recognise.
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
    // Values are decoded here, not by the consumer, so one bad record is skipped instead of failing every poll.
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return properties;
  }

  @Override
  public void run() {
    if (!claimed.compareAndSet(false, true)) {
      throw new IllegalStateException("this notifier has already run or been closed");
    }
    try {
      consumer.subscribe(List.of(Topics.NOTIFICATIONS));
      while (!closed) {
        consumer.poll(POLL_TIMEOUT).forEach(this::handle);
      }
    } catch (WakeupException e) {
      if (!closed) {
        throw e;
      }
    } finally {
      consumer.close();
    }
  }

  /** Stops the loop; safe from any thread, and before {@link #run()} was ever called. */
  @Override
  public void close() {
    closed = true;
    if (claimed.compareAndSet(false, true)) {
      consumer.close();
    } else {
      consumer.wakeup();
    }
  }

  private void handle(ConsumerRecord<byte[], byte[]> record) {
    Notification notification;
    try {
      notification = notifications.deserialize(record.topic(), record.value());
    } catch (SerializationException e) {
      log.error("skipping undecodable notification at {}-{} offset {}: {}",
          record.topic(), record.partition(), record.offset(), e.getMessage());
      return;
    }
    if (notification == null) {
      log.warn("skipping empty record at {}-{} offset {}", record.topic(), record.partition(), record.offset());
      return;
    }
    Message message;
    try {
      message = renderer.render(notification);
    } catch (RuntimeException e) {
      log.error("skipping notification {}: cannot render it", notification.getNotificationId(), e);
      return;
    }
    channel.deliver(message);
  }
}
