package io.redress.remediation;

import io.redress.contract.RemediationCommand;
import io.redress.contract.Resource;
import io.redress.exceptions.ExceptionLookup;
import io.redress.exceptions.ExceptionMatch;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Commands as the topology issues them, for the executor's tests. */
final class Commands {

  /** An exception list with nothing on it. */
  static final ExceptionLookup NO_EXCEPTIONS =
      (resource, controls, at) -> new ExceptionMatch(Optional.empty(), List.of());

  private static final RemediationCatalogue CATALOGUE = RemediationCatalogue.discover();

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

  /** With the first of the action's controls, as the topology would pick it; S3.8 for an action nobody knows. */
  static RemediationCommand command(String action, Resource resource, boolean dryRun) {
    String control = CATALOGUE.named(action).map(known -> new TreeSet<>(known.controls()).first()).orElse("S3.8");
    return command(action, control, resource, dryRun);
  }

  static RemediationCommand command(String action, String control, Resource resource, boolean dryRun) {
    return RemediationCommand.newBuilder()
        .setCommandId("cmd-" + action + "-" + resource.getId().hashCode())
        .setDecisionId("decision-1")
        .setFindingId("finding-1")
        .setControl(control)
        .setAction(action)
        .setResource(resource)
        .setDryRun(dryRun)
        .setIssuedAt(Instant.parse("2025-01-01T00:00:00Z"))
        .build();
  }
}
