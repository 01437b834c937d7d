package io.redress.notification;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.ConditionalTemplateConfigurationFactory;
import freemarker.cache.FileNameGlobMatcher;
import freemarker.cache.TemplateLoader;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.core.TemplateConfiguration;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import io.redress.config.RedressConfig.NotificationSettings;
import io.redress.contract.AddressedLesson;
import io.redress.contract.Decision;
import io.redress.contract.DueLessons;
import io.redress.contract.Notification;
import io.redress.notification.Recipients.Recipient;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns a notification into a message. A lesson is rendered in each {@link LessonForm} some channel reads (every
 * form unless told otherwise: {@link #rendering}) by the shared layouts under
 * {@code templates/lessons/layout/}, from its control's folder ({@link Lessons}); a breaker alert is text from
 * {@code templates/alerts/breaker-tripped.ftl}. Text renders like an email: the first line is
 * {@code Subject: ...}, the rest is the body.
 *
 * <p>Templates are trusted, their data is not: HTML and Slack layouts escape every interpolation by their output
 * format, and the {@code new} and {@code ?api} built-ins, which would let a template instantiate Java classes or
 * call methods, are switched off.
 */
public final class NotificationRenderer {

  static final String BREAKER_ALERT = "alerts/breaker-tripped.ftl";
  private static final String SUBJECT = "Subject: ";

  private final Configuration freemarker;
  private final Recipients recipients;
  private final Lessons lessons;
  /** The forms rendered: the text always, the others only where some channel reads them. */
  private final Set<LessonForm> forms;

  /** Templates from the {@code /templates} folder on the class path; creators from the finding and its tags. */
  public NotificationRenderer(NotificationSettings settings) {
    this(settings, CreatorLookup.NONE, CreatorLookup.NONE);
  }

  /**
   * Creators looked up in the order a lesson trusts them: the finding's own actor, the CloudTrail creator
   * {@code index}, the resource's owner tags, the CloudTrail {@code api}; else the security contact.
   */
  public NotificationRenderer(NotificationSettings settings, CreatorLookup index, CreatorLookup api) {
    this(settings, index, api, Recipients.UserAddresses.NONE);
  }

  /** @param userAddresses where an IAM user's own address is read, before the domain rule */
  public NotificationRenderer(NotificationSettings settings, CreatorLookup index, CreatorLookup api,
      Recipients.UserAddresses userAddresses) {
    this(packagedTemplates(), new Recipients(CreatorLookup.findingActor().then(index)
        .then(CreatorLookup.tags(settings.creatorTags())).then(api), settings.securityContact(),
        settings.emailDomain(), userAddresses, settings.recipientDomains()));
  }

  NotificationRenderer(TemplateLoader templates, Recipients recipients) {
    this(configuration(templates), recipients, EnumSet.allOf(LessonForm.class));
  }

  private NotificationRenderer(Configuration freemarker, Recipients recipients, Set<LessonForm> forms) {
    this(freemarker, recipients, new Lessons(freemarker), forms);
  }

  private NotificationRenderer(Configuration freemarker, Recipients recipients, Lessons lessons,
      Set<LessonForm> forms) {
    this.recipients = recipients;
    this.freemarker = freemarker;
    this.lessons = lessons;
    this.forms = EnumSet.of(LessonForm.TEXT);
    this.forms.addAll(forms);
  }

  /**
   * The same renderer, rendering only {@code forms} besides the text: a lesson takes three templates in every form,
   * and a form no channel reads was most of a notifier's work.
   */
  public NotificationRenderer rendering(Set<LessonForm> forms) {
    return new NotificationRenderer(freemarker, recipients, lessons, forms);
  }

  static TemplateLoader packagedTemplates() {
    return new ClassTemplateLoader(NotificationRenderer.class, "/templates");
  }

  private static Configuration configuration(TemplateLoader templates) {
    Configuration freemarker = new Configuration(Configuration.VERSION_2_3_34);
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
    freemarker.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    freemarker.setAPIBuiltinEnabled(false);
    // *.ftlh is HTML with auto-escaping; *.mrkdwn.ftl is Slack with auto-escaping; the rest is plain text.
    freemarker.setRecognizeStandardFileExtensions(true);
    freemarker.setOutputFormat(PlainTextOutputFormat.INSTANCE);
    freemarker.setRegisteredCustomOutputFormats(List.of(SlackOutputFormat.INSTANCE));
    TemplateConfiguration slack = new TemplateConfiguration();
    slack.setOutputFormat(SlackOutputFormat.INSTANCE);
    freemarker.setTemplateConfigurations(
        new ConditionalTemplateConfigurationFactory(new FileNameGlobMatcher("*.mrkdwn.ftl"), slack));
    return freemarker;
  }

  /** A template is missing, broken or the notification lacks what its kind requires. */
  public static final class RenderingException extends RuntimeException {
    RenderingException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** True when the control has a lesson folder of its own, rather than the fallback lesson. */
  public boolean hasLessonFor(String control) {
    return !lessons.of(control).content().equals(Lessons.FALLBACK);
  }

  public Message render(Notification notification) {
    return switch (notification.getKind()) {
      case LESSON -> lesson(notification);
      case BREAKER_TRIPPED -> breakerAlert(notification);
    };
  }

  private Message lesson(Notification notification) {
    return lesson(notification, recipientOf(notification));
  }

  /** Who a lesson goes to: its creator if found and mailable, else the security contact. */
  public Recipient recipientOf(Notification lesson) {
    return recipients.ofLesson(decisionOf(lesson).getFinding());
  }

  /** The lesson, addressed to a recipient already found. */
  public Message lesson(Notification notification, Recipient recipient) {
    LessonModel model = model(notification, recipient);
    String id = notification.getNotificationId();
    Email text = email(id, process(id, LessonForm.TEXT.layout, model));
    return new Message(id, recipient.address(), text.subject(), text.body(),
        inForm(LessonForm.HTML, () -> process(id, LessonForm.HTML.layout, model)),
        inForm(LessonForm.SLACK, () -> process(id, LessonForm.SLACK.layout, model)));
  }

  /**
   * A recipient's collected lessons as one message: each lesson rendered by the digest's item template in every
   * form (with the same model and shared layout functions as a lesson alone), then placed in the digest layout.
   */
  public Message digest(DueLessons due) {
    String id = due.getDeliveryId();
    Map<LessonForm, List<String>> items = new EnumMap<>(LessonForm.class);
    for (AddressedLesson lesson : due.getLessons()) {
      LessonModel model = model(lesson.getNotification(),
          new Recipient(lesson.getRecipient(), true, lesson.getCreatorFoundBy()));
      for (LessonForm form : forms) {
        items.computeIfAbsent(form, key -> new ArrayList<>()).add(process(id, form.digestItem, model));
      }
    }
    Email text = email(id, process(id, LessonForm.TEXT.digest, DigestModel.of(due, items.get(LessonForm.TEXT))));
    return new Message(id, due.getRecipient(), text.subject(), text.body(),
        inForm(LessonForm.HTML,
            () -> process(id, LessonForm.HTML.digest, DigestModel.of(due, items.get(LessonForm.HTML)))),
        inForm(LessonForm.SLACK,
            () -> process(id, LessonForm.SLACK.digest, DigestModel.of(due, items.get(LessonForm.SLACK)))));
  }

  /** The form rendered, or null when no channel reads it. */
  private String inForm(LessonForm form, Supplier<String> rendered) {
    return forms.contains(form) ? rendered.get() : null;
  }

  private LessonModel model(Notification notification, Recipient recipient) {
    Decision decision = decisionOf(notification);
    return LessonModel.of(decision, notification.getRemediationResult(), recipient,
        lessons.of(decision.getFinding().getControl()));
  }

  private static Decision decisionOf(Notification lesson) {
    if (lesson.getDecision() == null) {
      throw new RenderingException("lesson " + lesson.getNotificationId() + " carries no decision", null);
    }
    return lesson.getDecision();
  }

  private Message breakerAlert(Notification notification) {
    if (notification.getBreaker() == null) {
      throw new RenderingException(
          "breaker alert " + notification.getNotificationId() + " carries no breaker state", null);
    }
    String id = notification.getNotificationId();
    Email text = email(id, process(id, BREAKER_ALERT, BreakerAlertModel.of(notification.getBreaker())));
    return new Message(id, recipients.securityTeam().address(), text.subject(), text.body());
  }

  private String process(String notificationId, String templateName, Record model) {
    Template template;
    try {
      template = freemarker.getTemplate(templateName);
    } catch (IOException e) {
      throw new RenderingException("cannot load template " + templateName + ": " + e.getMessage(), e);
    }
    StringWriter out = new StringWriter();
    try {
      template.process(model, out);
    } catch (TemplateException | IOException e) {
      throw new RenderingException("template " + template.getName() + " failed for notification "
          + notificationId + ": " + e.getMessage(), e);
    }
    return out.toString();
  }

  private record Email(String subject, String body) {
  }

  private static Email email(String notificationId, String rendered) {
    int endOfSubject = rendered.indexOf('\n');
    if (!rendered.startsWith(SUBJECT) || endOfSubject < 0) {
      throw new RenderingException("the text of notification " + notificationId
          + " does not start with a subject line", null);
    }
    String subject = rendered.substring(SUBJECT.length(), endOfSubject).strip();
    return new Email(subject, rendered.substring(endOfSubject + 1).strip() + "\n");
  }
}
