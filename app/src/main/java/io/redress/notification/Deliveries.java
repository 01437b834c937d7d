package io.redress.notification;

import io.redress.config.Topics;
import io.redress.contract.DeliveryStatus;
import io.redress.contract.NotificationResult;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.DeadLetters;
import io.redress.kafka.RecordLoop;
import io.redress.metrics.RedressMeters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A rendered message's way through its channels, remembered across the record loop's attempts: a channel that took
 * it is not asked again when another fails. When the attempts run out, every channel's result is recorded (FAILED
 * for the ones that never took it) and the input dead-lettered, in the loop's transaction.
 */
final class Deliveries {
  private static final Serializer<NotificationResult> RESULTS = AvroSerde.of(NotificationResult.class).serializer();

  /**
   * @param route the channels the message takes
   * @param taught what each result is recorded for: the notification itself, or each lesson a digest carries
   */
  record Outgoing(Message message, List<ChannelRegistry.Named> route, List<Taught> taught) {
  }

  /**
   * @param decisionId the decision a lesson is about; null for a breaker alert
   * @param control the control a lesson is about; null for a breaker alert
   */
  record Taught(String notificationId, String decisionId, String control) {
  }

  private final int attempts;
  private final Topics topics;
  /** Per record in hand: attempts so far and the channels that took it; cleared once the record is settled. */
  private final Map<String, Progress> inHand = new HashMap<>();

  Deliveries(int attempts, Topics topics) {
    this.attempts = attempts;
    this.topics = topics;
  }

  private static final class Progress {
    int attempts;
    final Map<String, Integer> delivered = new HashMap<>();
  }

  /** @throws RecordLoop.TransientFailure when a channel failed and attempts are left */
  List<ProducerRecord<byte[], byte[]>> deliver(ConsumerRecord<byte[], byte[]> input, Outgoing outgoing) {
    Message message = outgoing.message();
    String where = input.topic() + "-" + input.partition() + "@" + input.offset();
    Progress progress = inHand.computeIfAbsent(where, key -> new Progress());
    progress.attempts++;
    Map<String, RuntimeException> failed = new HashMap<>();
    for (ChannelRegistry.Named channel : outgoing.route()) {
      if (progress.delivered.containsKey(channel.name())) {
        continue;
      }
      try {
        channel.channel().deliver(message);
        progress.delivered.put(channel.name(), progress.attempts);
      } catch (RuntimeException e) {
        failed.put(channel.name(), e);
      }
    }
    if (!failed.isEmpty() && progress.attempts < attempts) {
      RuntimeException first = failed.values().iterator().next();
      throw new RecordLoop.TransientFailure("delivering " + message.notificationId() + " through "
          + String.join(", ", failed.keySet()) + " failed", first);
    }
    inHand.remove(where);
    progress.delivered.keySet().forEach(name -> RedressMeters.notification(name, DeliveryStatus.DELIVERED.name()));
    failed.keySet().forEach(name -> RedressMeters.notification(name, DeliveryStatus.FAILED.name()));
    List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();
    for (Taught taught : outgoing.taught()) {
      progress.delivered.forEach((name, attempt) -> outputs.add(record(
          result(message, taught, name, DeliveryStatus.DELIVERED, attempt, null))));
      failed.forEach((name, error) -> outputs.add(record(
          result(message, taught, name, DeliveryStatus.FAILED, progress.attempts, DeadLetters.reason(error)))));
    }
    if (!failed.isEmpty()) {
      outputs.add(DeadLetters.record(topics.deadLetters(), new DeadLetters.Origin(input.topic(), input.partition(), input.offset(),
          input.key(), input.timestamp()), input.value(), Notifier.STAGE, "gave up after " + progress.attempts
          + " attempts: delivering " + message.notificationId() + " through "
          + String.join(", ", failed.keySet()) + " failed: "
          + DeadLetters.reason(failed.values().iterator().next())));
    }
    return outputs;
  }

  private static NotificationResult result(Message message, Taught taught, String channel, DeliveryStatus status,
      int attempts, String error) {
    return NotificationResult.newBuilder()
        .setNotificationId(taught.notificationId())
        .setChannel(channel)
        .setRecipient(message.recipient())
        .setStatus(status)
        .setAttempts(attempts)
        .setError(error)
        .setControl(taught.control())
        .setDeliveredAt(Instant.now())
        .setDigestId(taught.notificationId().equals(message.notificationId()) ? null : message.notificationId())
        .setDecisionId(taught.decisionId())
        .build();
  }

  private ProducerRecord<byte[], byte[]> record(NotificationResult result) {
    return new ProducerRecord<>(topics.notificationResults(),
        result.getNotificationId().getBytes(StandardCharsets.UTF_8),
        RESULTS.serialize(topics.notificationResults(), result));
  }
}
