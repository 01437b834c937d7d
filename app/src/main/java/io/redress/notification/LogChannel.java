package io.redress.notification;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes each message to the log as a readable block, so a local run shows exactly what a person would receive. */
public final class LogChannel implements DeliveryChannel {

  private static final Logger log = LoggerFactory.getLogger(LogChannel.class);
  private static final String RULE = "=".repeat(78);

  @Override
  public void deliver(Message message) {
    log.info("notification {}\n{}\nTo:      {}\nSubject: {}\n{}\n{}\n{}",
        message.notificationId(), RULE, message.recipient(), message.subject(), RULE, message.body().strip(), RULE);
  }
}
