package io.redress.notification;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateNotFoundException;
import io.redress.config.RedressConfig.NotificationSettings;
import io.redress.contract.Decision;
import io.redress.contract.Notification;
import io.redress.notification.Recipients.Recipient;
import java.io.IOException;
import java.io.StringWriter;
import java.util.regex.Pattern;

/**
 * Turns a notification into a message: a lesson from {@code templates/lessons/<control>/lesson.ftl} (or
 * {@code lessons/fallback.ftl} for a control without a folder), a breaker alert from
 * {@code templates/alerts/breaker-tripped.ftl}. Templates render like emails: the first line is
 * {@code Subject: ...}, the rest is the body.
 */
public final class NotificationRenderer {

  static final String FALLBACK_LESSON = "lessons/fallback.ftl";
  static final String BREAKER_ALERT = "alerts/breaker-tripped.ftl";

  /** Only well-formed control ids become template paths, so a strange control value cannot walk the folders. */
  private static final Pattern CONTROL_ID = Pattern.compile("[A-Za-z][A-Za-z0-9]*\\.\\d+");
  private static final String SUBJECT = "Subject: ";

  private final Configuration freemarker;
  private final Recipients recipients;

  /** Templates from the {@code /templates} folder on the class path, where the build packages them. */
  public NotificationRenderer(NotificationSettings settings) {
    this(new ClassTemplateLoader(NotificationRenderer.class, "/templates"),
        new Recipients(CreatorLookup.findingActor(), settings.securityContact()));
  }

  NotificationRenderer(TemplateLoader templates, Recipients recipients) {
    this.recipients = recipients;
    this.freemarker = new Configuration(Configuration.VERSION_2_3_34);
    freemarker.setTemplateLoader(templates);
    freemarker.setDefaultEncoding("UTF-8");
    // A broken template must fail its notification loudly, never send a half-rendered lesson.
    freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    freemarker.setLogTemplateExceptions(false);
    freemarker.setWrapUncheckedExceptions(true);
    // Lessons are looked up by exact path; "lesson_en_US.ftl" variants would only cost lookups.
    freemarker.setLocalizedLookup(false);
    // Counts and thresholds print as 1500, not "1,500".
    freemarker.setNumberFormat("computer");
  }

  /** A template is missing, broken or the notification lacks what its kind requires. */
  public static final class RenderingException extends RuntimeException {
    RenderingException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public Message render(Notification notification) {
    return switch (notification.getKind()) {
      case LESSON -> lesson(notification);
      case BREAKER_TRIPPED -> breakerAlert(notification);
    };
  }

  private Message lesson(Notification notification) {
    Decision decision = notification.getDecision();
    if (decision == null) {
      throw new RenderingException("lesson " + notification.getNotificationId() + " carries no decision", null);
    }
    Recipient recipient = recipients.ofLesson(decision.getFinding());
    Template template = lessonFor(decision.getFinding().getControl());
    return message(notification, recipient, template, LessonModel.of(decision, recipient));
  }

  private Message breakerAlert(Notification notification) {
    if (notification.getBreaker() == null) {
      throw new RenderingException(
          "breaker alert " + notification.getNotificationId() + " carries no breaker state", null);
    }
    return message(notification, recipients.securityTeam(), template(BREAKER_ALERT),
        BreakerAlertModel.of(notification.getBreaker()));
  }

  private Template lessonFor(String control) {
    if (control != null && CONTROL_ID.matcher(control).matches()) {
      try {
        return freemarker.getTemplate("lessons/" + control + "/lesson.ftl");
      } catch (TemplateNotFoundException e) {
        // No lesson of its own: the fallback teaches from the finding itself.
      } catch (IOException e) {
        throw new RenderingException("cannot load the lesson for " + control + ": " + e.getMessage(), e);
      }
    }
    return template(FALLBACK_LESSON);
  }

  private Template template(String name) {
    try {
      return freemarker.getTemplate(name);
    } catch (IOException e) {
      throw new RenderingException("cannot load template " + name + ": " + e.getMessage(), e);
    }
  }

  private static Message message(Notification notification, Recipient recipient, Template template, Record model) {
    StringWriter out = new StringWriter();
    try {
      template.process(model, out);
    } catch (TemplateException | IOException e) {
      throw new RenderingException("template " + template.getName() + " failed for notification "
          + notification.getNotificationId() + ": " + e.getMessage(), e);
    }
    String rendered = out.toString();
    int endOfSubject = rendered.indexOf('\n');
    if (!rendered.startsWith(SUBJECT) || endOfSubject < 0) {
      throw new RenderingException("template " + template.getName() + " does not start with a subject line", null);
    }
    String subject = rendered.substring(SUBJECT.length(), endOfSubject).strip();
    String body = rendered.substring(endOfSubject + 1).strip() + "\n";
    return new Message(notification.getNotificationId(), recipient.address(), subject, body);
  }
}
