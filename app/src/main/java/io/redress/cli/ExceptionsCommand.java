package io.redress.cli;

import io.redress.config.RedressConfig;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.ExceptionRecord;
import io.redress.exceptions.ExceptionChange;
import io.redress.exceptions.ExceptionRequest;
import io.redress.exceptions.ExceptionScope;
import io.redress.exceptions.ExceptionTopic;
import io.redress.exceptions.ExceptionUsage;
import io.redress.exceptions.ExceptionsFile;
import io.redress.exceptions.ScopeSyntax;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "exceptions", mixinStandardHelpOptions = true,
    description = {"Adds, lists, shows, revokes and syncs approved exceptions, and shows what each suppressed.",
        "Exit status: 0 done, 1 no such exception, 2 bad input or no reachable Kafka."},
    subcommands = {ExceptionsCommand.Add.class, ExceptionsCommand.ListExceptions.class, ExceptionsCommand.Show.class,
        ExceptionsCommand.Revoke.class, ExceptionsCommand.Sync.class, ExceptionsCommand.Usage.class})
final class ExceptionsCommand implements Runnable {

  /** What a scope whose latest record this version cannot decode means, where it is listed. */
  private static final String UNDECODABLE = "a record this version cannot decode: no executor acts on any command "
      + "until this scope is published again (exceptions add) or revoked (exceptions revoke)";

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Who publishes, recorded as the exception's creator. */
  static final class Publisher {
    @Option(names = "--by", paramLabel = "NAME", defaultValue = "${sys:user.name}",
        description = "Who publishes it, recorded as its creator (default: your login name).")
    String by;
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Publishes an exception (or replaces the one with the same scope).")
  static final class Add extends ClusterCommand {
    @Mixin
    Publisher publisher;
    @Option(names = "--scope", required = true, paramLabel = "SCOPE",
        description = "name=value pairs joined by ';' (account, region, control, resource, tag), e.g."
            + " 'control=S3.8;resource=arn:aws:s3:::acme-public-website'.")
    String scope;
    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why the risk is accepted.")
    String reason;
    @Option(names = "--approver", required = true, paramLabel = "NAME", description = "Who approved it.")
    String approver;
    @Option(names = "--expires", required = true, paramLabel = "WHEN",
        description = "30d, 12h or 2w from now, a date (2027-01-31, its first moment UTC) or an instant; at most"
            + " exceptions.max-expiry (90 days unless configured).")
    String expires;
    @Option(names = "--ticket", paramLabel = "REF", description = "Tracking ticket or change reference.")
    String ticket;

    @Override
    public Integer call() {
      RedressConfig config = cluster.load();
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      ExceptionRequest request = new ExceptionRequest(ScopeSyntax.parse(scope), reason, approver,
          ExceptionRequest.expiry(expires, now), ticket).within(now, config.exceptions().maxExpiry());
      boolean replaced = ExceptionTopic.put(cluster.kafka(config), request, publisher.by, now);
      out().printf("%s exception '%s', approved by %s, until %s.%n", replaced ? "Replaced" : "Published",
          Text.safe(request.key()), Text.safe(approver.strip()), request.expiresAt());
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Lists the published exceptions with the time each has left.")
  static final class ListExceptions extends ClusterCommand {

    @Override
    public Integer call() {
      ExceptionTopic.Published published = ExceptionTopic.read(kafka());
      Map<String, ExceptionRecord> exceptions = published.exceptions();
      PrintWriter out = out();
      if (exceptions.isEmpty() && published.undecodable().isEmpty()) {
        out.println("No exceptions are published.");
        return 0;
      }
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      out.printf("%-60s %-14s %-24s %s%n", "SCOPE", "TIME LEFT", "APPROVER", "REASON");
      exceptions.forEach((key, exception) -> out.printf("%-60s %-14s %-24s %s%n", Text.safe(key),
          Text.timeLeft(now, exception.getExpiresAt()), Text.safe(exception.getApprover()),
          Text.cut(exception.getReason(), 60)));
      published.undecodable().forEach(key -> out.printf("%-60s %s%n", Text.safe(key), UNDECODABLE));
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows one exception in full.")
  static final class Show extends ClusterCommand {
    @Parameters(paramLabel = "SCOPE", description = "Its scope, as published or in any field order.")
    String scope;

    @Override
    public Integer call() {
      String asked = ScopeSyntax.named(scope).key();
      // Published under the key it was written with; found whatever the case of the control asked for.
      ExceptionTopic.Published topic = ExceptionTopic.read(kafka());
      Optional<Map.Entry<String, ExceptionRecord>> published = topic.exceptions().entrySet().stream()
          .filter(entry -> ExceptionScope.matchingKey(entry.getKey()).equals(ExceptionScope.matchingKey(asked)))
          .findFirst();
      if (published.isEmpty()) {
        Optional<String> undecodable = topic.undecodable().stream()
            .filter(key -> ExceptionScope.matchingKey(key).equals(ExceptionScope.matchingKey(asked))).findFirst();
        err().println(undecodable.map(key -> "redress: " + Text.safe(key) + ": " + UNDECODABLE)
            .orElse("redress: no exception is published for scope '" + Text.safe(asked) + "'"));
        return 1;
      }
      String key = published.get().getKey();
      ExceptionRecord exception = published.get().getValue();
      PrintWriter out = out();
      out.println("scope:      " + Text.safe(key));
      out.println("reason:     " + Text.safe(exception.getReason()));
      out.println("approver:   " + Text.safe(exception.getApprover()));
      out.println("created:    " + exception.getCreatedAt() + " by " + Text.safe(exception.getCreatedBy()));
      out.println("expires:    " + exception.getExpiresAt() + " (" + Text.timeLeft(Instant.now(), exception.getExpiresAt()) + ")");
      out.println("ticket:     " + (exception.getTicket() == null ? "-" : Text.safe(exception.getTicket())));
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revokes an exception: a tombstone on its scope key; its findings are acted on again.")
  static final class Revoke extends ClusterCommand {
    @Parameters(paramLabel = "SCOPE", description = "Its scope, as published or in any field order.")
    String scope;

    @Override
    public Integer call() {
      String key = ScopeSyntax.named(scope).key();
      List<String> revoked = ExceptionTopic.revoke(kafka(), key);
      if (revoked.isEmpty()) {
        err().println("redress: no exception is published for scope '" + Text.safe(key) + "'");
        return 1;
      }
      revoked.forEach(published -> out().printf("Revoked exception '%s'.%n", Text.safe(published)));
      return 0;
    }
  }

  @Command(name = "sync", mixinStandardHelpOptions = true,
      description = {"Makes the published exceptions match a reviewed file: adds, changes and revokes.",
          "Every entry is checked first; nothing is published if one is wrong. All changes commit together."})
  static final class Sync extends ClusterCommand {
    @Mixin
    Publisher publisher;
    @Parameters(paramLabel = "FILE", description = "The exceptions file (see the README's Exceptions section).")
    Path file;
    @Option(names = "--dry-run", description = "Only show what would change.")
    boolean dryRun;

    @Override
    public Integer call() {
      RedressConfig config = cluster.load();
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      Map<String, ExceptionRequest> requested = ExceptionsFile.read(file, now, config.exceptions().maxExpiry());
      KafkaSettings kafka = cluster.kafka(config);
      if (dryRun) {
        List<ExceptionChange> changes = ExceptionChange.between(ExceptionTopic.read(kafka), requested, publisher.by, now);
        SyncReport.print(out(), changes, requested.size(), true);
        return 0;
      }
      try (ExceptionTopic topic = ExceptionTopic.open(kafka)) {
        List<ExceptionChange> changes = ExceptionChange.between(topic.current(), requested, publisher.by, now);
        topic.publish(changes);
        SyncReport.print(out(), changes, requested.size(), false);
      }
      return 0;
    }
  }

  @Command(name = "usage", mixinStandardHelpOptions = true,
      description = "Lists the findings an exception suppressed, from the decisions topic.")
  static final class Usage extends ClusterCommand {
    @Parameters(paramLabel = "SCOPE", description = "The exception's scope, as published or in any field order.")
    String scope;

    @Override
    public Integer call() {
      String key = ScopeSyntax.named(scope).key();
      PrintWriter out = out();
      int[] count = {0};
      int undecodable = ExceptionUsage.suppressedBy(kafka(), key, decision -> {
        count[0]++;
        out.printf("%s  %-10s %s  finding %s%n", decision.getDecidedAt(), Text.safe(decision.getFinding().getControl()),
            Text.safe(decision.getFinding().getResource().getId()), Text.safe(decision.getFinding().getFindingId()));
      });
      out.printf("%d finding%s suppressed by '%s' (as far back as redress.decisions keeps).%n", count[0],
          count[0] == 1 ? "" : "s", Text.safe(key));
      if (undecodable > 0) {
        err().printf("redress: %d undecodable decisions were skipped%n", undecodable);
      }
      return 0;
    }
  }
}
