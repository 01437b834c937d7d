package io.redress.notification;

import io.micrometer.core.instrument.MeterRegistry;
import io.redress.config.RedressConfig;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.DeliveryStatus;
import io.redress.contract.Finding;
import io.redress.contract.Notification;
import io.redress.contract.NotificationResult;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.DeadLetters;
import io.redress.kafka.RecordLoop;
import io.redress.kafka.Topics;
import io.redress.metrics.RedressMeters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The notifier role: reads {@value Topics#NOTIFICATIONS}, renders each notification and hands it to the channels
 * its route names, by the {@link RecordLoop} rules, and records what each channel did on
 * {@value Topics#NOTIFICATION_RESULTS}. A notification that cannot be rendered is dead-lettered at once. When a
 * channel fails, the notification is tried again (channels that already took it are not asked twice); when the
 * attempts run out, every channel's result is recorded (FAILED for the ones that never took it) and the
 * notification is dead-lettered, in one transaction. {@link #run()} loops until {@link #close()} is called from
 * another thread.
 */
public final class Notifier implements Runnable, AutoCloseable {

  static final String STAGE = "notify";
  private static final int MAX_POLL_RECORDS = 50;

  private final RecordLoop<Notification> loop;

  /**
   * Lessons and alerts rendered from the packaged templates, delivered through the configured channels.
   *
   * @param instanceId this instance's static member id in the notifier group, if it has one
   */
  public Notifier(RedressConfig config, Optional<String> instanceId) {
    this(config, ChannelRegistry.open(config.notifications()), instanceId);
  }

  /** Every notification through one channel, e.g. a test's. */
  public Notifier(RedressConfig config, DeliveryChannel channel, Optional<String> instanceId) {
    this(config, ChannelRegistry.of("console", channel), instanceId);
  }

  private Notifier(RedressConfig config, ChannelRegistry channels, Optional<String> instanceId) {
    this(config, channels, instanceId, new CreatorIndex(config.kafka()), config.aws().configured()
        ? CloudTrailApiLookup.of(config.aws().region(), config.aws().endpoint()) : null);
  }

  /** @param api the CloudTrail API as the creator lookup's last source; null without AWS access */
  private Notifier(RedressConfig config, ChannelRegistry channels, Optional<String> instanceId, CreatorIndex index,
      CloudTrailApiLookup api) {
    this(RecordLoop.consumer(config.kafka(), group(config.kafka()), MAX_POLL_RECORDS, instanceId),
        RecordLoop.producer(config.kafka(), group(config.kafka())),
        new NotificationRenderer(config.notifications(), index, api != null ? api : CreatorLookup.NONE),
        channels, RecordLoop.Retry.DEFAULT, () -> {
          index.close();
          if (api != null) {
            api.close();
          }
        });
  }

  Notifier(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, NotificationRenderer renderer,
      DeliveryChannel channel, RecordLoop.Retry retry) {
    this(consumer, producer, renderer, ChannelRegistry.of("console", channel), retry);
  }

  Notifier(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, NotificationRenderer renderer,
      ChannelRegistry channels, RecordLoop.Retry retry) {
    this(consumer, producer, renderer, channels, retry, () -> { });
  }

  private Notifier(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer,
      NotificationRenderer renderer, ChannelRegistry channels, RecordLoop.Retry retry, Runnable releaseLookups) {
    Delivery delivery = new Delivery(renderer, channels, retry.attempts());
    this.loop = new RecordLoop<>(STAGE, Topics.NOTIFICATIONS, AvroSerde.of(Notification.class).deserializer(),
        delivery::handle, retry, consumer, producer, () -> {
          channels.close();
          releaseLookups.run();
        });
  }

  private static String group(KafkaSettings kafka) {
    return kafka.applicationId() + "-notifier";
  }

  @Override
  public void run() {
    loop.run();
  }

  /** Kafka's own metrics of the role's consumer and producer, until the handle closes. */
  public AutoCloseable bindMetrics(MeterRegistry registry) {
    return loop.bindMetrics(registry);
  }

  /** Stops the loop; safe from any thread, and before {@link #run()} was ever called. */
  @Override
  public void close() {
    loop.close();
  }

  /** One notification's way through its channels, remembered across the record loop's attempts. */
  private static final class Delivery {
    private static final Serializer<NotificationResult> RESULTS = AvroSerde.of(NotificationResult.class).serializer();

    private final NotificationRenderer renderer;
    private final ChannelRegistry channels;
    private final int attempts;
    /** Per record in hand: attempts so far and the channels that took it; cleared once the record is settled. */
    private final Map<String, Progress> inHand = new HashMap<>();

    Delivery(NotificationRenderer renderer, ChannelRegistry channels, int attempts) {
      this.renderer = renderer;
      this.channels = channels;
      this.attempts = attempts;
    }

    private static final class Progress {
      int attempts;
      final Map<String, NotificationResult> delivered = new HashMap<>();
    }

    List<ProducerRecord<byte[], byte[]>> handle(ConsumerRecord<byte[], byte[]> input, Notification notification) {
      Message message = renderer.render(notification);
      Finding finding = notification.getDecision() == null ? null : notification.getDecision().getFinding();
      String control = finding == null ? null : finding.getControl();
      List<ChannelRegistry.Named> route = channels.route(control, finding == null ? null : finding.getSeverity().name());
      String where = input.topic() + "-" + input.partition() + "@" + input.offset();
      Progress progress = inHand.computeIfAbsent(where, key -> new Progress());
      progress.attempts++;
      Map<String, RuntimeException> failed = new HashMap<>();
      for (ChannelRegistry.Named channel : route) {
        if (progress.delivered.containsKey(channel.name())) {
          continue;
        }
        try {
          channel.channel().deliver(message);
          progress.delivered.put(channel.name(),
              result(message, channel.name(), DeliveryStatus.DELIVERED, progress.attempts, null, control));
        } catch (RuntimeException e) {
          failed.put(channel.name(), e);
        }
      }
      if (!failed.isEmpty() && progress.attempts < attempts) {
        RuntimeException first = failed.values().iterator().next();
        throw new RecordLoop.TransientFailure("delivering " + notification.getNotificationId() + " through "
            + String.join(", ", failed.keySet()) + " failed", first);
      }
      inHand.remove(where);
      progress.delivered.keySet().forEach(name -> RedressMeters.notification(name, DeliveryStatus.DELIVERED.name()));
      failed.keySet().forEach(name -> RedressMeters.notification(name, DeliveryStatus.FAILED.name()));
      List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();
      progress.delivered.values().forEach(result -> outputs.add(record(result)));
      failed.forEach((name, error) -> outputs.add(record(
          result(message, name, DeliveryStatus.FAILED, progress.attempts, DeadLetters.reason(error), control))));
      if (!failed.isEmpty()) {
        outputs.add(DeadLetters.record(new DeadLetters.Origin(input.topic(), input.partition(), input.offset(),
            input.key(), input.timestamp()), input.value(), STAGE, "gave up after " + progress.attempts
            + " attempts: delivering " + notification.getNotificationId() + " through "
            + String.join(", ", failed.keySet()) + " failed: "
            + DeadLetters.reason(failed.values().iterator().next())));
      }
      return outputs;
    }

    private static NotificationResult result(Message message, String channel, DeliveryStatus status, int attempts,
        String error, String control) {
      return NotificationResult.newBuilder()
          .setNotificationId(message.notificationId())
          .setChannel(channel)
          .setRecipient(message.recipient())
          .setStatus(status)
          .setAttempts(attempts)
          .setError(error)
          .setControl(control)
          .setDeliveredAt(Instant.now())
          .build();
    }

    private static ProducerRecord<byte[], byte[]> record(NotificationResult result) {
      return new ProducerRecord<>(Topics.NOTIFICATION_RESULTS,
          result.getNotificationId().getBytes(StandardCharsets.UTF_8),
          RESULTS.serialize(Topics.NOTIFICATION_RESULTS, result));
    }
  }
}
