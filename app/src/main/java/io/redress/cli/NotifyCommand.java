package io.redress.cli;

import io.redress.audit.AuditText;
import io.redress.config.RedressConfig;
import io.redress.notification.LessonForm;
import io.redress.notification.LessonPreview;
import io.redress.notification.LessonPreview.Happened;
import io.redress.notification.Message;
import io.redress.notification.NotificationResults;
import io.redress.notification.RepeatOffenders;
import io.redress.remediation.RemediationCatalogue;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code redress notify ...}: the lessons, seen as the people who receive them will see them. */
@Command(name = "notify", mixinStandardHelpOptions = true,
    description = "Lessons and their delivery.",
    subcommands = {NotifyCommand.Preview.class, NotifyCommand.Stats.class})
final class NotifyCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "preview", mixinStandardHelpOptions = true,
      description = {
          "Renders a control's lesson for a sample finding: the chosen form on stdout, and the HTML email to a file,"
              + " so a security team can review every lesson before enabling it."})
  static final class Preview implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--control", required = true, paramLabel = "ID", description = "Control id, e.g. S3.8.")
    String control;

    @Option(names = "--format", paramLabel = "FORM", defaultValue = "text",
        description = "What to print: text, html or slack (default: ${DEFAULT-VALUE}).")
    LessonForm format;

    @Option(names = "--status", paramLabel = "STATUS", defaultValue = "APPLIED",
        description = "What the lesson reports: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Happened happened;

    @Option(names = "--html-file", paramLabel = "FILE",
        description = "Where to write the HTML email (default: lesson-<control>.html in the working directory).")
    Path htmlFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      LessonPreview preview = new LessonPreview(config.load().notifications());
      // Typed in any case, as every other --control is; the lesson folders are named as AWS writes the id.
      String control = RemediationCatalogue.discover().actions().stream()
          .flatMap(action -> action.controls().stream())
          .filter(this.control::equalsIgnoreCase)
          .findFirst().orElse(this.control);
      if (!preview.hasLesson(control)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no lesson for control '" + control
            + "': a control's lesson is the folder templates/lessons/<control>/");
      }
      Message message = preview.render(control, happened);
      PrintWriter out = spec.commandLine().getOut();
      out.print(switch (format) {
        case TEXT -> "Subject: " + message.subject() + "\n\n" + message.body();
        case HTML -> message.html();
        case SLACK -> message.slack();
      });
      out.flush();
      Path html = htmlFile != null ? htmlFile : Path.of("lesson-" + control + ".html");
      Files.writeString(html, message.html(), StandardCharsets.UTF_8);
      spec.commandLine().getErr().println("The HTML email is in " + html.toAbsolutePath());
      return 0;
    }
  }

  @Command(name = "stats", mixinStandardHelpOptions = true,
      description = {
          "Does training work? Per creator and control, the lessons taught and how often the creator caused the"
              + " control again after a lesson, from redress.notification-results on the configured cluster, or the"
              + " embedded broker of the `redress run` on --data-dir. The"
              + " topology publishes the same figures as they change on redress.training-stats."})
  static final class Stats implements Callable<Integer> {

    @Mixin
    RecordedTopicsOption recorded;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      RedressConfig loaded = recorded.load();
      RepeatOffenders offenders = new RepeatOffenders(loaded.notifications().securityContact());
      try (RecordedTopics topics = recorded.open(loaded)) {
        NotificationResults.readAll(topics.consumerProperties(), topics.names(), offenders::add);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%-40s %-14s %8s %8s%n", "creator", "control", "lessons", "repeats");
      for (RepeatOffenders.Figure figure : offenders.figures()) {
        // Addresses come from resources' tags and CloudTrail: shown escaped, never as terminal control sequences.
        out.printf("%-40s %-14s %8d %8d%n", AuditText.plain(figure.creator()), AuditText.plain(figure.control()),
            figure.lessons(), figure.repeats());
      }
      out.println(offenders.summary());
      out.flush();
      return 0;
    }
  }
}
