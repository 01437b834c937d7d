package io.redress.cli;

import io.redress.contract.Resolution;
import io.redress.operations.HeldCommands;
import io.redress.operations.HeldCommands.Selection;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * A person's decision on held commands, the breaker's (release, discard) or those awaiting approval (approve, deny):
 * which commands, who decided, and a line for each command it decided.
 */
abstract class HeldDecision extends ClusterCommand {

  @Option(names = "--by", paramLabel = "NAME", defaultValue = "${sys:user.name}",
      description = "Who decides, recorded with each command and carried to its result (default: your login name).")
  String by;

  abstract Selection selection();

  abstract Resolution resolution();

  abstract HeldReport.Words words();

  Optional<String> reason() {
    return Optional.empty();
  }

  @Override
  public Integer call() {
    Selection selection = selection();
    HeldCommands.Outcome outcome = HeldCommands.resolve(kafka(), selection, resolution(), by, reason(),
        Instant.now());
    HeldReport.print(out(), words(), resolution(), selection, outcome);
    return 0;
  }
}
