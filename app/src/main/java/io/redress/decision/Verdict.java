package io.redress.decision;

import io.redress.contract.AppliedException;
import io.redress.contract.Outcome;

/** What a step of the topology concluded about a finding, with the reason an auditor will read. */
public sealed interface Verdict {

  Outcome outcome();

  String reason();

  /** Passed, inactive, or about no known control: nothing to act on. */
  record NotActionable(String reason) implements Verdict {
    public Outcome outcome() {
      return Outcome.NOT_ACTIONABLE;
    }
  }

  /** An exception in force covers the finding. */
  record Excepted(AppliedException exception, String reason) implements Verdict {
    public Outcome outcome() {
      return Outcome.EXCEPTED;
    }
  }

  /** The same resource and control were handled recently. */
  record Duplicate(String reason) implements Verdict {
    public Outcome outcome() {
      return Outcome.DUPLICATE;
    }
  }

  /** The control is switched off. */
  record Disabled(String reason) implements Verdict {
    public Outcome outcome() {
      return Outcome.DISABLED;
    }
  }

  /** Tell the creator; change nothing. */
  record NotifyOnly(String reason) implements Verdict {
    public Outcome outcome() {
      return Outcome.NOTIFY_ONLY;
    }
  }

  /** Plan the fix with {@code action} and report what it would change. */
  record DryRun(String action, String reason) implements Verdict {
    public Outcome outcome() {
      return Outcome.DRY_RUN;
    }
  }

  /**
   * Fix it with {@code action} once a person approves: the command waits on the held topic, named by
   * {@code approval}, the way a command the breaker held waits.
   */
  record AwaitingApproval(String action, String approval, String reason) implements Verdict {
    public Outcome outcome() {
      return Outcome.HELD;
    }
  }

  /** Fix it with {@code action}, if the breaker admits the command. */
  record Remediate(String action, String reason) implements Verdict {
    public Outcome outcome() {
      return Outcome.REMEDIATE;
    }
  }
}
