package io.redress.notification;

/**
 * A rendered notification, ready for a delivery channel.
 *
 * @param notificationId the notification's deterministic id, so a channel can recognise a redelivered message
 * @param recipient a creator's principal ARN, or the configured security contact
 */
public record Message(String notificationId, String recipient, String subject, String body) {
}
