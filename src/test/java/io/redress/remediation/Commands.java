package io.redress.remediation;

import io.redress.contract.RemediationCommand;
import io.redress.contract.Resource;
import java.time.Instant;
import java.util.Map;

/** Commands as the topology issues them, for the executor's tests. */
final class Commands {

  private Commands() {
  }

  static RemediationCommand blockPublicAccess(String account, String resourceId, boolean dryRun) {
    return command("s3-block-public-access", bucket(account, resourceId), dryRun);
  }

  static Resource bucket(String account, String resourceId) {
    return Resource.newBuilder()
        .setType("AwsS3Bucket")
        .setId(resourceId)
        .setAccount(account)
        .setRegion("us-east-1")
        .setTags(Map.of())
        .build();
  }

  static RemediationCommand command(String action, Resource resource, boolean dryRun) {
    return RemediationCommand.newBuilder()
        .setCommandId("cmd-" + action + "-" + resource.getId().hashCode())
        .setDecisionId("decision-1")
        .setFindingId("finding-1")
        .setControl("S3.8")
        .setAction(action)
        .setResource(resource)
        .setDryRun(dryRun)
        .setIssuedAt(Instant.parse("2025-01-01T00:00:00Z"))
        .build();
  }
}
