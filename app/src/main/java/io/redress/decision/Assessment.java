package io.redress.decision;

import io.redress.contract.AppliedException;
import io.redress.contract.ComplianceStatus;
import io.redress.contract.Decision;
import io.redress.contract.Finding;
import io.redress.contract.FindingKind;
import io.redress.contract.Mode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A finding on its way through the decision steps. Each step either settles it with a {@link Verdict} or leaves it
 * for the next; once settled, later steps pass it through untouched.
 *
 * @param at when the finding's record entered Kafka (epoch milliseconds); every time-based rule (expiry, cool-down,
 *     breaker window) uses it, never a time the payload claims, and a replay of the same records decides alike
 */
public record Assessment(
    Finding finding,
    long at,
    Optional<Verdict> verdict,
    Optional<Mode> mode,
    List<AppliedException> expiredExceptions) {

  /** Starts the assessment of a finding that no configured principal of Redress's own could have caused. */
  public static Assessment of(Finding finding, long at) {
    return of(finding, at, OwnPrincipals.NONE);
  }

  /**
   * Starts the assessment, settling at once what no configuration could make actionable. A threat (a detection such
   * as GuardDuty's) has no compliance status and is never dismissed as "nothing to fix": without a mapped safe
   * response it is settled NOTIFY_ONLY, which alerts a person, whoever caused it. A misconfiguration that Redress's
   * own roles caused is not acted on, which would start a loop.
   */
  public static Assessment of(Finding finding, long at, OwnPrincipals own) {
    Assessment fresh = new Assessment(finding, at, Optional.empty(), Optional.empty(), List.of());
    if (finding.getKind() == FindingKind.THREAT) {
      return threat(fresh);
    }
    if (finding.getCompliance() != ComplianceStatus.FAILED) {
      return fresh.settle(new Verdict.NotActionable(
          "compliance status is " + finding.getCompliance() + ": there is nothing to fix"));
    }
    if (!finding.getActive()) {
      return fresh.settle(new Verdict.NotActionable("the source archived, resolved or suppressed this finding"));
    }
    Optional<String> ownChange = own.recognise(finding.getActor());
    if (ownChange.isPresent()) {
      return fresh.settle(new Verdict.NotActionable("Redress caused this finding (" + ownChange.get()
          + "); acting on it would start a loop"));
    }
    if (finding.getControl() == null) {
      return fresh.settle(new Verdict.NotActionable(
          "rule '" + finding.getRuleId() + "' maps to no known control, so no remediation applies"));
    }
    return fresh;
  }

  private static Assessment threat(Assessment fresh) {
    Finding finding = fresh.finding();
    if (!finding.getActive()) {
      return fresh.settle(new Verdict.NotActionable("the source archived this threat finding"));
    }
    if (finding.getCompliance() == ComplianceStatus.PASSED) {
      // A detection has no compliance of its own; a source that gives one PASSED (a webhook mapping RESOLVED so)
      // says the threat is over, and responding to it would change a resource for nothing.
      return fresh.settle(new Verdict.NotActionable("the source reports this threat finding PASSED: nothing to "
          + "respond to"));
    }
    if (finding.getControl() == null) {
      return fresh.settle(new Verdict.NotifyOnly("threat finding '" + finding.getRuleId() + "' has no safe automatic"
          + " response mapped: the security contact is alerted and nothing is changed"));
    }
    return fresh;
  }

  /**
   * Whether the finding reports its control passing on its resource: the source saw it fixed, so an open cool-down
   * for that resource and control has nothing left to protect.
   */
  public boolean resolves() {
    return finding.getKind() == FindingKind.MISCONFIGURATION && finding.getCompliance() == ComplianceStatus.PASSED
        && finding.getControl() != null;
  }

  /** Whether a person explicitly asked for this finding to be remediated (see {@link Finding#getRequest()}). */
  public boolean requested() {
    return finding.getRequest() != null;
  }

  /** The id of the event that carried this request, when it had one: the same on each delivery of that event. */
  public Optional<String> requestId() {
    return requested() ? Optional.ofNullable(finding.getRequestId()) : Optional.empty();
  }

  public boolean settled() {
    return verdict.isPresent();
  }

  public String control() {
    return finding.getControl();
  }

  public Assessment settle(Verdict verdict) {
    return new Assessment(finding, at, Optional.of(verdict), mode, expiredExceptions);
  }

  public Assessment withMode(Mode mode) {
    return new Assessment(finding, at, verdict, Optional.of(mode), expiredExceptions);
  }

  public Assessment withExpired(List<AppliedException> expired) {
    List<AppliedException> all = new ArrayList<>(expiredExceptions);
    all.addAll(expired);
    return new Assessment(finding, at, verdict, mode, List.copyOf(all));
  }

  /** The audit record. Only a settled assessment can become one. */
  public Decision toDecision() {
    Verdict settled = verdict.orElseThrow(() -> new IllegalStateException("finding " + finding.getFindingId() + " left undecided"));
    // The record's time too: the same finding delivered again (a sender's retry, an import run twice) after the
    // cool-down is new work with ids of its own, never the command a person already discarded or released. A replay
    // of the same records keeps their times, and so the ids. The resource too: a sender may reuse one finding id for
    // several resources in one record.
    String decisionId = Ids.of("decision", finding.getFindingId(), finding.getResource().getId(),
        finding.getObservedAt().toString(), String.valueOf(finding.getControl()), Long.toString(at));
    Decision.Builder decision = Decision.newBuilder()
        .setDecisionId(decisionId)
        .setFinding(finding)
        .setOutcome(settled.outcome())
        .setMode(mode.orElse(null))
        .setReason(settled.reason())
        .setExpiredExceptions(expiredExceptions)
        .setDecidedAt(Instant.ofEpochMilli(at));
    if (settled instanceof Verdict.Excepted excepted) {
      decision.setException(excepted.exception());
    }
    if (settled instanceof Verdict.AwaitingApproval awaiting) {
      decision.setApproval(awaiting.approval());
    }
    String action = settled instanceof Verdict.Remediate remediate ? remediate.action()
        : settled instanceof Verdict.DryRun dryRun ? dryRun.action()
        : settled instanceof Verdict.AwaitingApproval awaiting ? awaiting.action() : null;
    if (action != null) {
      decision.setAction(action)
          .setCommandId(Ids.of("command", decisionId, finding.getResource().getId(), action));
    }
    return decision.build();
  }
}
