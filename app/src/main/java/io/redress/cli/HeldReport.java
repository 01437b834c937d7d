package io.redress.cli;

import io.redress.contract.HeldResolution;
import io.redress.contract.RemediationCommand;
import io.redress.contract.Resolution;
import io.redress.operations.HeldCommands;
import io.redress.operations.HeldCommands.Selection;
import java.io.PrintWriter;
import java.util.Locale;

/** What a release or discard of held commands did: a line per command decided now, one per command decided before. */
final class HeldReport {

  /** The words for the two resolutions: the breaker's commands are released or discarded, approvals approved or denied. */
  enum Words {
    BREAKER("Released", "Discarded"), APPROVALS("Approved", "Denied");

    private final String released;
    private final String discarded;

    Words(String released, String discarded) {
      this.released = released;
      this.discarded = discarded;
    }

    String of(Resolution resolution) {
      return resolution == Resolution.RELEASED ? released : discarded;
    }
  }

  private HeldReport() {
  }

  static void print(PrintWriter out, Words words, Resolution resolution, Selection selection,
      HeldCommands.Outcome outcome) {
    String verb = words.of(resolution);
    for (RemediationCommand command : outcome.resolved()) {
      out.printf("%s %s: %s on %s (held by %s)%n", verb, Text.safe(command.getCommandId()),
          Text.safe(command.getAction()), Text.safe(command.getResource().getId()), Text.safe(command.getHeldBy()));
    }
    for (HeldResolution earlier : outcome.earlier()) {
      out.printf("Left alone %s: already %s by %s at %s%n", Text.safe(earlier.getCommandId()),
          words.of(earlier.getResolution()).toLowerCase(Locale.ROOT), Text.safe(earlier.getBy()), earlier.getAt());
    }
    for (String commandId : outcome.unreadable()) {
      out.printf("Left alone %s: its recorded decision cannot be read by this version (written by a newer one, or by"
          + " hand); decide it with the version that wrote it%n", Text.safe(commandId));
    }
    out.printf("%s %d command%s (%s); %d already decided before.%n", verb, outcome.resolved().size(),
        outcome.resolved().size() == 1 ? "" : "s", selection, outcome.earlier().size() + outcome.unreadable().size());
  }
}
