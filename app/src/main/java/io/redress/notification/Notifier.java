package io.redress.notification;

import io.redress.config.RedressConfig;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.Notification;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.RecordLoop;
import io.redress.kafka.Topics;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The notifier role: reads {@value Topics#NOTIFICATIONS}, renders each notification and hands it to a delivery
 * channel, by the {@link RecordLoop} rules: a notification that cannot be rendered is dead-lettered at once; one
 * whose delivery fails is tried again, then dead-lettered. {@link #run()} loops until {@link #close()} is called
 * from another thread.
 */
public final class Notifier implements Runnable, AutoCloseable {

  static final String STAGE = "notify";
  private static final int MAX_POLL_RECORDS = 50;

  private final RecordLoop<Notification> loop;

  /**
   * Lessons and alerts rendered from the packaged templates, delivered through {@code channel}.
   *
   * @param instanceId this instance's static member id in the notifier group, if it has one
   */
  public Notifier(RedressConfig config, DeliveryChannel channel, Optional<String> instanceId) {
    this(RecordLoop.consumer(config.kafka(), group(config.kafka()), MAX_POLL_RECORDS, instanceId),
        RecordLoop.producer(config.kafka(), group(config.kafka())),
        new NotificationRenderer(config.notifications()), channel, RecordLoop.Retry.DEFAULT);
  }

  Notifier(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, NotificationRenderer renderer,
      DeliveryChannel channel, RecordLoop.Retry retry) {
    RecordLoop.Handler<Notification> notify = (input, notification) -> {
      Message message = renderer.render(notification);
      try {
        channel.deliver(message);
      } catch (RuntimeException e) {
        throw new RecordLoop.TransientFailure("delivering " + notification.getNotificationId() + " failed", e);
      }
      return List.of();
    };
    this.loop = new RecordLoop<>(STAGE, Topics.NOTIFICATIONS, AvroSerde.of(Notification.class).deserializer(),
        notify, retry, consumer, producer, () -> { });
  }

  private static String group(KafkaSettings kafka) {
    return kafka.applicationId() + "-notifier";
  }

  @Override
  public void run() {
    loop.run();
  }

  /** Stops the loop; safe from any thread, and before {@link #run()} was ever called. */
  @Override
  public void close() {
    loop.close();
  }
}
