package io.redress.remediation;

import io.redress.contract.RemediationCommand;
import io.redress.contract.Resource;
import io.redress.contract.ExceptionRecord;
import io.redress.exceptions.ExceptionLookup;
import io.redress.exceptions.ExceptionMatch;
import io.redress.exceptions.ExceptionScope;
import io.redress.exceptions.LastLook;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Commands as the topology issues them, for the executor's tests. */
final class Commands {

  /** An exception list with nothing on it. */
  static final ExceptionLookup NO_EXCEPTIONS = listing(List.of());

  /** The last look of a command of S3.8 at an exception list with nothing on it, for an action run on its own. */
  static final LastLook NOTHING_EXCEPTED = new LastLook(NO_EXCEPTIONS, List.of("S3.8"), Instant.EPOCH);

  private static final RemediationCatalogue CATALOGUE = RemediationCatalogue.discover();

  private Commands() {
  }

  /** How a test answers which exceptions cover a resource, without a list behind it. */
  @FunctionalInterface
  interface Matching {
    ExceptionMatch match(Resource resource, List<String> controls, Instant at);
  }

  /** Answers by {@code matching}, knowing of no exception scoped to a tag. */
  static ExceptionLookup matching(Matching matching) {
    return new ExceptionLookup() {
      @Override
      public ExceptionMatch match(Resource resource, List<String> controls, Instant at) {
        return matching.match(resource, controls, at);
      }

      @Override
      public boolean anyScopedToTag(List<String> controls, Instant at) {
        return false;
      }
    };
  }

  /** {@code exceptions} as the executor's list holds them, matched by the same rules. */
  static ExceptionLookup listing(List<ExceptionRecord> exceptions) {
    return new ExceptionLookup() {
      @Override
      public ExceptionMatch match(Resource resource, List<String> controls, Instant at) {
        return ExceptionMatch.of(key -> exceptions.stream()
            .filter(exception -> ExceptionScope.matchingKey(ExceptionScope.of(exception.getScope()).key()).equals(key))
            .toList(), resource, controls, at.toEpochMilli());
      }

      @Override
      public boolean anyScopedToTag(List<String> controls, Instant at) {
        return ExceptionMatch.anyScopedToTag(exceptions, controls, at.toEpochMilli());
      }
    };
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
