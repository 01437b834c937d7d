package io.redress.notification;

/**
 * A rendered notification, ready for a delivery channel, in each form a channel may need.
 *
 * @param notificationId the notification's deterministic id, so a channel can recognise a redelivered message
 * @param recipient a creator's address, or the configured security contact
 * @param body the plain text email (and what the console prints)
 * @param html the HTML email, or null when the notification has only a text form (breaker alerts) or no configured
 *     channel reads HTML
 * @param slack the Slack mrkdwn message, or null when the notification has only a text form or no configured channel
 *     reads Slack's
 */
public record Message(String notificationId, String recipient, String subject, String body, String html,
    String slack) {

  /** A message with a text form only. */
  public Message(String notificationId, String recipient, String subject, String body) {
    this(notificationId, recipient, subject, body, null, null);
  }
}
