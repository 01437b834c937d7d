package io.redress.audit;

import io.redress.config.Topics;
import io.redress.contract.AppliedException;
import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import io.redress.contract.Decision;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.Mode;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.contract.Scope;
import io.redress.kafka.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** A recorded history built record by record, as the topology and the executor write it, read into a trail. */
final class History {

  private final AuditTrail trail = new AuditTrail(Topics.UNPREFIXED);
  private long offset;

  AuditTrail trail() {
    return trail;
  }

  /** A decision on an S3 bucket; one that remediates or plans also gets its command id and action. */
  static Decision decided(String bucket, String control, String account, Outcome outcome, Instant at) {
    Decision base = AuditRecords.decision("arn:aws:s3:::" + bucket, "because " + outcome);
    base.getFinding().setControl(control);
    base.getFinding().setFindingId("finding-" + bucket + "-" + at.toEpochMilli());
    base.getFinding().setObservedAt(at.minus(Duration.ofMinutes(10)));
    base.getFinding().setReceivedAt(at.minus(Duration.ofMinutes(9)));
    base.getFinding().getResource().setAccount(account);
    Decision.Builder decision = Decision.newBuilder(base)
        .setDecisionId("decision-" + bucket + "-" + at.toEpochMilli())
        .setOutcome(outcome)
        .setMode(outcome == Outcome.DRY_RUN ? Mode.DRY_RUN : Mode.AUTO)
        .setDecidedAt(at);
    if (outcome == Outcome.REMEDIATE || outcome == Outcome.DRY_RUN || outcome == Outcome.HELD) {
      decision.setAction("s3-block-public-access").setCommandId("command-" + bucket + "-" + at.toEpochMilli());
    }
    if (outcome == Outcome.HELD) {
      decision.setBreakerScope("account:" + account);
    }
    return decision.build();
  }

  static Decision excepted(String bucket, String scopeKey, Instant at) {
    return Decision.newBuilder(decided(bucket, "S3.8", "111122223333", Outcome.EXCEPTED, at))
        .setException(new AppliedException(scopeKey, "public website", "ciso@example.com",
            at.plus(Duration.ofDays(30)), "SEC-1"))
        .build();
  }

  static ExceptionRecord exception(String resource, String createdBy, Instant createdAt, Instant expiresAt) {
    return ExceptionRecord.newBuilder()
        .setScope(new Scope(null, null, "S3.8", resource, null))
        .setReason("public website").setApprover("ciso@example.com").setCreatedBy(createdBy)
        .setCreatedAt(createdAt).setExpiresAt(expiresAt).setTicket("SEC-1").build();
  }

  static BreakerState trip(String scope, Instant at) {
    return BreakerState.newBuilder().setScope(scope).setStatus(BreakerStatus.OPEN).setCount(3).setThreshold(2)
        .setWindowMillis(300_000).setOpenedAt(at).setOpenedBy("command-x").setReopensAt(at.plus(Duration.ofMinutes(30)))
        .setReason("3 commands in 5 minutes").setUpdatedAt(at).build();
  }

  History decision(Decision decision) {
    return add(Topics.UNPREFIXED.decisions(), "key", decision, decision.getDecidedAt());
  }

  /** The decision, and the command it issued (held when the decision is HELD). */
  History decisionAndCommand(Decision decision) {
    decision(decision);
    RemediationCommand command = RemediationCommand.newBuilder()
        .setCommandId(decision.getCommandId()).setDecisionId(decision.getDecisionId())
        .setFindingId(decision.getFinding().getFindingId()).setControl(decision.getFinding().getControl())
        .setAction(decision.getAction()).setResource(decision.getFinding().getResource())
        .setDryRun(decision.getOutcome() == Outcome.DRY_RUN).setIssuedAt(decision.getDecidedAt())
        .setHeldBy(decision.getBreakerScope()).build();
    return add(decision.getOutcome() == Outcome.HELD ? Topics.UNPREFIXED.remediationsHeld() : Topics.UNPREFIXED.remediations(), "key",
        command, decision.getDecidedAt());
  }

  History result(Decision decision, RemediationStatus status, Instant executedAt) {
    RemediationResult result = RemediationResult.newBuilder()
        .setCommandId(decision.getCommandId()).setControl(decision.getFinding().getControl())
        .setAction(decision.getAction()).setResource(decision.getFinding().getResource()).setStatus(status)
        .setMessage("done").setApiCalls(List.of("s3:PutBucketPublicAccessBlock")).setExecutedAt(executedAt).build();
    return add(Topics.UNPREFIXED.remediationResults(), "key", result, executedAt);
  }

  History exception(String scopeKey, ExceptionRecord exceptionOrNull, Instant at) {
    return add(Topics.UNPREFIXED.exceptions(), scopeKey, exceptionOrNull, at);
  }

  History breaker(BreakerState state) {
    return add(Topics.UNPREFIXED.breaker(), state.getScope(), state, state.getUpdatedAt());
  }

  History unreadable(String topic) {
    trail.add(new AuditRecord(topic, 0, offset++, 0, "key", new byte[] {1, 2, 3}));
    return this;
  }

  @SuppressWarnings("unchecked")
  private <T extends SpecificRecord> History add(String topic, String key, T value, Instant at) {
    byte[] bytes = value == null ? null
        : AvroSerde.of((Class<T>) value.getClass()).serializer().serialize(topic, value);
    trail.add(new AuditRecord(topic, 0, offset++, at.toEpochMilli(), key, bytes));
    return this;
  }
}
