package io.redress.notification;

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

  /** Releases what the channel holds (connections, clients). */
  @Override
  default void close() {
  }
}
