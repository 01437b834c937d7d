package io.redress.notification;

/** The forms a lesson is rendered in, each by one shared layout under {@code templates/lessons/layout/}. */
public enum LessonForm {
  /** Plain text email; its first line is {@code Subject: ...}. */
  TEXT("lessons/layout/email.txt.ftl"),
  /** HTML email, every interpolation HTML-escaped. */
  HTML("lessons/layout/email.html.ftlh"),
  /** Slack mrkdwn, every interpolation escaped for Slack. */
  SLACK("lessons/layout/slack.mrkdwn.ftl");

  final String layout;

  LessonForm(String layout) {
    this.layout = layout;
  }
}
