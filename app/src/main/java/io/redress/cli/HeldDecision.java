package io.redress.cli;

import io.redress.contract.Resolution;
import io.redress.operations.HeldCommands;
import io.redress.operations.HeldCommands.Selection;
import io.redress.operations.InvalidInput;
import java.time.Instant;
import java.util.Locale;
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

  @Option(names = "--expect", paramLabel = "N", description = {"With a decision on more than one command: how many"
      + " the listing showed pending there (./redress breaker status, its HELD column or total; ./redress approvals"
      + " list).", "Refused, with nothing done, when that many are not pending now."})
  Integer expect;

  abstract Selection selection();

  /**
   * A decision on many commands names how many the person saw pending, so that it is refused, with nothing written,
   * when more are pending now: an open breaker goes on holding a flood, and an approval-mode control goes on asking,
   * and deciding on what nobody looked at is the mass change holding exists to stop. A count, because that is what
   * the listings show; the console, which lists the commands, sends their ids instead.
   *
   * @param many what the decision names when it is not one command, e.g. "--scope"; empty for one command
   * @param listing the command that showed the count
   */
  Selection asSeen(Selection selection, Optional<String> many, String listing) {
    if (many.isEmpty()) {
      if (expect != null) {
        throw new InvalidInput("expect: goes with a decision on more than one command; --command decides the one"
            + " command named");
      }
      return selection;
    }
    if (expect == null) {
      throw new InvalidInput("expect: required with " + many.get() + ": the number of commands " + listing
          + " showed pending there, so that none added since are " + words().of(resolution()).toLowerCase(Locale.ROOT)
          + " unseen");
    }
    return selection.expecting(expect);
  }

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
