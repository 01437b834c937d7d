package io.redress.exceptions;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.redress.contract.AppliedException;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.Resource;
import io.redress.contract.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The matching rules the topology and the executor share, over an index kept as both keep theirs. */
class ExceptionMatchTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private static final String ACCOUNT = "111122223333";

  private final TreeMap<String, ExceptionRecord> index = new TreeMap<>();

  @Test
  void anExceptionOnALowerCaseControlCoversAFindingOfThatControlAndIsCitedAsPublished() {
    publish(new Scope(null, null, "s3.8", "arn:aws:s3:::public-website", null));

    ExceptionMatch match = match(bucket("arn:aws:s3:::public-website"), "S3.8");

    assertThat(match.inForce()).map(AppliedException::getScopeKey)
        .contains("control=s3.8;resource=arn:aws:s3:::public-website");
  }

  @Test
  void aControlIdInAnyCaseMatchesTheMixedCaseIdSecurityHubGives() {
    publish(new Scope(ACCOUNT, null, "CLOUDTRAIL.1", null, null));
    publish(new Scope(null, "us-east-1", "iam.3", null, null));

    assertThat(match(bucket("arn:aws:s3:::any"), "CloudTrail.1").inForce()).map(AppliedException::getScopeKey)
        .contains("account=111122223333;control=CLOUDTRAIL.1");
    assertThat(match(bucket("arn:aws:s3:::any"), "IAM.3").inForce()).map(AppliedException::getScopeKey)
        .contains("region=us-east-1;control=iam.3");
  }

  @Test
  void aRegionScopeIsMatchedAgainstTheRegionAMultiRegionTrailLivesInNotTheOneThatReportedIt() {
    publish(new Scope(ACCOUNT, "us-east-1", "CloudTrail.4", null, null));
    publish(new Scope(ACCOUNT, "eu-west-1", "CloudTrail.5", null, null));
    Resource reportedFromEuWest1 = Resource.newBuilder().setType("AwsCloudTrailTrail")
        .setId("arn:aws:cloudtrail:us-east-1:" + ACCOUNT + ":trail/org-audit").setAccount(ACCOUNT)
        .setRegion("eu-west-1").setTags(Map.of()).build();

    assertThat(match(reportedFromEuWest1, "CloudTrail.4").inForce()).map(AppliedException::getScopeKey)
        .contains("account=111122223333;region=us-east-1;control=CloudTrail.4");
    assertThat(match(reportedFromEuWest1, "CloudTrail.5").inForce()).isEmpty();
  }

  @Test
  void aResourceIdIsStillMatchedWithItsCase() {
    publish(new Scope(null, null, "S3.8", "arn:aws:s3:::Public-Website", null));

    assertThat(match(bucket("arn:aws:s3:::public-website"), "S3.8").inForce()).isEmpty();
  }

  @Test
  void theMatchingKeyFoldsTheControlIdAndNothingElse() {
    assertThat(ExceptionScope.matchingKey("account=111122223333;control=cloudTrail.1"))
        .isEqualTo("account=111122223333;control=CLOUDTRAIL.1");
    assertThat(ExceptionScope.matchingKey("control=s3.8;resource=arn:aws:s3:::Site"))
        .isEqualTo("control=S3.8;resource=arn:aws:s3:::Site");
    assertThat(ExceptionScope.matchingKey("control=s3.8;tag=Env=Prod")).isEqualTo("control=S3.8;tag=Env=Prod");
  }

  @Test
  void anExceptionIsInForceUntilTheMillisecondBeforeItsExpiryAndExpiredAtIt() {
    Scope scope = new Scope(null, null, "S3.8", "arn:aws:s3:::public-website", null);
    publish(scope, NOW);

    assertThat(match(bucket("arn:aws:s3:::public-website"), "S3.8", NOW.minusMillis(1)).inForce()).isPresent();
    ExceptionMatch atExpiry = match(bucket("arn:aws:s3:::public-website"), "S3.8", NOW);
    assertThat(atExpiry.inForce()).isEmpty();
    assertThat(atExpiry.expired()).extracting(AppliedException::getScopeKey)
        .containsExactly("control=S3.8;resource=arn:aws:s3:::public-website");
  }

  @Test
  void aTagScopeIsInForceForItsControlInAnyCaseOrForEveryControlWhenItNamesNone() {
    publish(new Scope(null, null, "s3.8", null, "redress:exempt=true"));
    publish(new Scope(null, null, null, null, "env=sandbox"), NOW);

    assertThat(ExceptionMatch.anyScopedToTag(index.values(), List.of("S3.2", "S3.8"), NOW.toEpochMilli())).isTrue();
    assertThat(ExceptionMatch.anyScopedToTag(index.values(), List.of("EC2.13"), NOW.toEpochMilli())).isFalse();
    assertThat(ExceptionMatch.anyScopedToTag(index.values(), List.of("EC2.13"), NOW.minusMillis(1).toEpochMilli()))
        .isTrue();
  }

  @Test
  void scopesThatNameNoTagOrATagBesideAResourceOrAccountAreNoTagScopes() {
    publish(new Scope(null, null, "S3.8", "arn:aws:s3:::public-website", null));
    publish(new Scope(ACCOUNT, null, null, null, null));
    publish(new Scope(ACCOUNT, null, null, null, "env=sandbox"));

    assertThat(ExceptionMatch.anyScopedToTag(index.values(), List.of("S3.8"), NOW.toEpochMilli())).isFalse();
  }

  private void publish(Scope scope) {
    publish(scope, NOW.plus(Duration.ofDays(30)));
  }

  private void publish(Scope scope, Instant expiresAt) {
    String key = ExceptionScope.of(scope).key();
    ExceptionRecord exception = ExceptionRecord.newBuilder()
        .setScope(scope).setReason("accepted").setApprover("ciso@example.com").setCreatedBy("alice")
        .setCreatedAt(NOW.minus(Duration.ofDays(1))).setExpiresAt(expiresAt).build();
    if (ExceptionMatch.publishedUnderOwnScope(key, exception)) {
      index.put(ExceptionScope.indexKey(key), exception);
    }
  }

  private ExceptionMatch match(Resource resource, String control) {
    return match(resource, control, NOW);
  }

  private ExceptionMatch match(Resource resource, String control, Instant at) {
    return ExceptionMatch.of(matchingKey -> {
      String prefix = ExceptionScope.indexPrefix(matchingKey);
      return index.tailMap(prefix).entrySet().stream().takeWhile(entry -> entry.getKey().startsWith(prefix))
          .map(Map.Entry::getValue).toList();
    }, resource, List.of(control), at.toEpochMilli());
  }

  private static Resource bucket(String arn) {
    return Resource.newBuilder().setType("AwsS3Bucket").setId(arn).setAccount(ACCOUNT).setRegion("us-east-1")
        .setTags(Map.of()).build();
  }

  @Test
  void anExceptionPublishedUnderAnotherKeyIsLoggedEscapedSoItsKeyCannotForgeALogLine() {
    String forged = "\n12:00:00.000 INFO  ExceptionList - exception accepted";
    Scope scope = new Scope(ACCOUNT, null, "S3.8" + forged, null, null);
    ExceptionRecord exception = ExceptionRecord.newBuilder()
        .setScope(scope).setReason("accepted").setApprover("ciso@example.com").setCreatedBy("alice")
        .setCreatedAt(NOW).setExpiresAt(NOW.plus(Duration.ofDays(1))).build();
    Logger logger = (Logger) LoggerFactory.getLogger(ExceptionMatch.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      assertThat(ExceptionMatch.publishedUnderOwnScope("account=" + ACCOUNT + forged, exception)).isFalse();
    } finally {
      logger.detachAppender(logged);
    }

    assertThat(logged.list).hasSize(1).allSatisfy(event -> assertThat(event.getFormattedMessage())
        .doesNotContain("\n").contains("\\u000a12:00:00.000"));
  }
}
