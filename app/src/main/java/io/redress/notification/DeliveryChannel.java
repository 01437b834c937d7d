package io.redress.notification;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where rendered messages go. A channel type is one class, discovered through {@link ChannelType}; which channels a
 * message takes is configuration ({@link ChannelRegistry}).
 */
public interface DeliveryChannel extends AutoCloseable {

  /**
   * Hands the message over, or throws: every failure is tried again (the channel may be down), then recorded as
   * FAILED and the notification dead-lettered.
   */
  void deliver(Message message);

  /**
   * The forms of a message this channel reads: only the forms some configured channel reads are rendered, the text
   * always (it carries the subject). A channel that does not say is given every form.
   */
  default Set<LessonForm> forms() {
    return EnumSet.allOf(LessonForm.class);
  }

  /** Releases what the channel holds (connections, clients). */
  @Override
  default void close() {
  }
}
