package io.redress.notification;

/**
 * The forms a lesson is rendered in, each by one shared layout under {@code templates/lessons/layout/}; a digest of
 * lessons by its own layout and item template under {@code templates/digests/}.
 */
public enum LessonForm {
  /** Plain text email; its first line is {@code Subject: ...}. */
  TEXT("lessons/layout/email.txt.ftl", "digests/email.txt.ftl", "digests/item.txt.ftl"),
  /** HTML email, every interpolation HTML-escaped. */
  HTML("lessons/layout/email.html.ftlh", "digests/email.html.ftlh", "digests/item.html.ftlh"),
  /** Slack mrkdwn, every interpolation escaped for Slack. */
  SLACK("lessons/layout/slack.mrkdwn.ftl", "digests/slack.mrkdwn.ftl", "digests/item.mrkdwn.ftl");

  final String layout;
  final String digest;
  /** One lesson of a digest, from the lesson's own model. */
  final String digestItem;

  LessonForm(String layout, String digest, String digestItem) {
    this.layout = layout;
    this.digest = digest;
    this.digestItem = digestItem;
  }
}
