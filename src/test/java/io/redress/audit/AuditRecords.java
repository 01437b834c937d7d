package io.redress.audit;

import io.redress.contract.ComplianceStatus;
import io.redress.contract.DeadLetter;
import io.redress.contract.Decision;
import io.redress.contract.Finding;
import io.redress.contract.FindingSource;
import io.redress.contract.Outcome;
import io.redress.contract.Resource;
import io.redress.contract.Severity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Audit records as the topology writes them, for the printer's tests. */
final class AuditRecords {

  static final Instant NOW = Instant.parse("2025-03-14T09:26:53Z");

  private AuditRecords() {
  }

  static Decision decision(String resourceId, String reason) {
    Finding finding = Finding.newBuilder()
        .setFindingId("finding-1")
        .setSource(FindingSource.SECURITY_HUB)
        .setProduct("Security Hub")
        .setRuleId("security-control/S3.8")
        .setControl("S3.8")
        .setTitle("S3 general purpose buckets should block public access")
        .setSeverity(Severity.HIGH)
        .setCompliance(ComplianceStatus.FAILED)
        .setActive(true)
        .setResource(Resource.newBuilder()
            .setType("AwsS3Bucket")
            .setId(resourceId)
            .setAccount("111122223333")
            .setRegion("eu-west-1")
            .build())
        .setObservedAt(NOW)
        .setReceivedAt(NOW)
        .build();
    return Decision.newBuilder()
        .setDecisionId("decision-1")
        .setFinding(finding)
        .setOutcome(Outcome.DRY_RUN)
        .setReason(reason)
        .setDecidedAt(NOW)
        .build();
  }

  static DeadLetter deadLetter(String topic, int partition, long offset, String stage, String reason) {
    return DeadLetter.newBuilder()
        .setTopic(topic)
        .setPartition(partition)
        .setOffset(offset)
        .setPayload(ByteBuffer.wrap("{\"Findings\": [".getBytes(StandardCharsets.UTF_8)))
        .setStage(stage)
        .setReason(reason)
        .setFailedAt(NOW)
        .build();
  }
}
