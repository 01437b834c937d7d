package io.redress.notification;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import io.redress.notification.NotificationRenderer.RenderingException;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The lesson folders under {@code templates/lessons/}: a control's own words ({@code lesson.ftl}) and its secure
 * Infrastructure-as-Code, with the insecure "before" under {@code before/}. A control without a folder is taught by
 * {@code lessons/fallback/lesson.ftl}, from the finding's own description.
 */
final class Lessons {

  static final String FALLBACK = "lessons/fallback/lesson.ftl";
  /** Only well-formed control ids become template paths, so a strange control value cannot walk the folders. */
  private static final Pattern CONTROL_ID = Pattern.compile("[A-Za-z][A-Za-z0-9]*\\.\\d+");

  private final Configuration templates;

  Lessons(Configuration templates) {
    this.templates = templates;
  }

  /**
   * The secure pattern and the insecure one it replaces, verbatim. The CloudFormation pair is null for a setting
   * CloudFormation has no resource for (an account-wide setting such as the password policy).
   */
  public record Snippets(String terraform, String terraformBefore, String cloudformation,
      String cloudformationBefore) {
  }

  /** @param content the template path of the control's words */
  record Lesson(String content, Snippets snippets) {
  }

  Lesson of(String control) {
    if (control == null || !CONTROL_ID.matcher(control).matches()) {
      return new Lesson(FALLBACK, null);
    }
    String folder = "lessons/" + control + "/";
    if (verbatim(folder + "lesson.ftl").isEmpty()) {
      return new Lesson(FALLBACK, null);
    }
    Optional<String> terraform = verbatim(folder + "terraform.tf");
    Snippets snippets = terraform.isEmpty() ? null : new Snippets(terraform.get(),
        verbatim(folder + "before/terraform.tf").orElse(null),
        verbatim(folder + "cloudformation.yaml").orElse(null),
        verbatim(folder + "before/cloudformation.yaml").orElse(null));
    return new Lesson(folder + "lesson.ftl", snippets);
  }

  /** A file as it is (never parsed as a template), or empty when there is none. */
  private Optional<String> verbatim(String path) {
    try {
      Template file = templates.getTemplate(path, null, null, null, false, true);
      if (file == null) {
        return Optional.empty();
      }
      StringWriter text = new StringWriter();
      file.process(null, text);
      return Optional.of(text.toString());
    } catch (IOException | TemplateException e) {
      throw new RenderingException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }
}
