package io.redress.notification;

/** Where rendered messages go: the console now; email and chat channels implement the same contract. */
public interface DeliveryChannel {

  void deliver(Message message);
}
