package io.redress.notification;

import io.redress.contract.DueLessons;
import io.redress.contract.Notification;
import io.redress.kafka.AvroSerde;
import org.apache.kafka.common.serialization.Deserializer;

/** What the notifier reads: notifications as the topology raised them, and lessons the digest step released. */
sealed interface Inbound {

  record Raised(Notification notification) implements Inbound {
  }

  record Due(DueLessons lessons) implements Inbound {
  }

  /** Decodes a record by the topic it came from; null for an empty record, which the record loop dead-letters. */
  final class Decoder implements Deserializer<Inbound> {
    private final Deserializer<Notification> notifications = AvroSerde.of(Notification.class).deserializer();
    private final Deserializer<DueLessons> due = AvroSerde.of(DueLessons.class).deserializer();
    private final String dueTopic;

    /** @param dueTopic where released lessons come from; every other topic holds notifications */
    Decoder(String dueTopic) {
      this.dueTopic = dueTopic;
    }

    @Override
    public Inbound deserialize(String topic, byte[] data) {
      if (data == null) {
        return null;
      }
      return dueTopic.equals(topic) ? new Due(due.deserialize(topic, data))
          : new Raised(notifications.deserialize(topic, data));
    }
  }
}
