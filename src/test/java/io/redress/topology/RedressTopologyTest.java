package io.redress.topology;

import static io.redress.topology.TopologyFixture.ACCOUNT;
import static io.redress.topology.TopologyFixture.bucketFinding;
import static io.redress.topology.TopologyFixture.finding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import io.redress.contract.ComplianceStatus;
import io.redress.contract.DeadLetter;
import io.redress.contract.Decision;
import io.redress.contract.Finding;
import io.redress.contract.Mode;
import io.redress.contract.Notification;
import io.redress.contract.NotificationKind;
import io.redress.contract.Outcome;
import io.redress.metrics.ProcessMetrics;
import io.redress.contract.RemediationCommand;
import io.redress.contract.Scope;
import io.redress.testing.SecurityHubEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedressTopologyTest {

  private static final String AUTO_S3 = """
      controls:
        S3.8: {mode: auto}
        S3.2: {mode: auto}
        EC2.19: {mode: auto}
        IAM.9: {mode: notify-only}
        KMS.4: {mode: 'off'}
      cooldown: PT1H
      breaker:
        window: PT5M
        open-for: PT30M
        thresholds: {global: 3, account: 2, control: 50}
      """;

  private TopologyFixture redress = new TopologyFixture(AUTO_S3);

  @AfterEach
  void close() {
    redress.close();
  }

  @Test
  void aFailedFindingForAnAutoControlIssuesOneCommandAndNoLessonBeforeItsResult() {
    redress.send(bucketFinding("payments-exports", "S3.8"));

    Decision decision = redress.decisions.readValue();
    assertThat(decision.getOutcome()).isEqualTo(Outcome.REMEDIATE);
    assertThat(decision.getMode()).isEqualTo(Mode.AUTO);
    assertThat(decision.getAction()).isEqualTo("s3-block-public-access");
    RemediationCommand command = redress.commands.readValue();
    assertThat(command.getCommandId()).isEqualTo(decision.getCommandId());
    assertThat(command.getDryRun()).isFalse();
    assertThat(command.getResource().getId()).isEqualTo("arn:aws:s3:::payments-exports");
    assertThat(redress.notifications.isEmpty()).as("the lesson waits for the command's result").isTrue();
    assertThat(redress.held.isEmpty()).isTrue();
  }

  /**
   * A multi-region trail is reported in every region it covers, and changed only in its home region: its findings
   * are one resource, so they share a key, a partition and a cool-down, and only the first issues a command.
   */
  @Test
  void aMultiRegionTrailReportedFromTwoRegionsIsOneResourceWithOneCommand() {
    try (TopologyFixture trails = new TopologyFixture("""
        controls:
          CloudTrail.2: {mode: auto}
        cooldown: PT1H
        """)) {
      String trail = "arn:aws:cloudtrail:us-east-1:" + ACCOUNT + ":trail/org";
      Finding home = finding(trail, "AwsCloudTrailTrail", ACCOUNT, "CloudTrail.2");
      Finding elsewhere = finding(trail, "AwsCloudTrailTrail", ACCOUNT, "CloudTrail.2");
      elsewhere.setFindingId(home.getFindingId().replace("us-east-1", "eu-west-1"));
      elsewhere.getResource().setRegion("eu-west-1");

      trails.send(home);
      trails.send(elsewhere);

      List<KeyValue<String, Decision>> decisions = trails.decisions.readKeyValuesToList();
      assertThat(decisions).extracting(decision -> decision.value.getOutcome())
          .containsExactly(Outcome.REMEDIATE, Outcome.DUPLICATE);
      assertThat(decisions).extracting(decision -> decision.key).containsOnly(decisions.get(0).key);
      assertThat(trails.commands.readValuesToList()).hasSize(1);
    }
  }

  /** What the decision says will be done is what the executor will do, with the control's configured parameters. */
  @Test
  void aDecisionDescribesTheActionWithTheControlsConfiguredParameters() {
    try (TopologyFixture configured = new TopologyFixture("""
        controls: {IAM.7: {mode: auto, minimum-password-length: 14}}
        """)) {
      configured.send(finding("AWS::::Account:" + ACCOUNT, "AwsAccount", ACCOUNT, "IAM.7"));

      assertThat(configured.decisions.readValue().getReason()).contains("at least 14 characters");
    }
  }

  @Test
  void everyDecisionIsCountedBySourceAndOutcomeAndNeverByResource() {
    try (ProcessMetrics metrics = new ProcessMetrics()) {
      redress.send(bucketFinding("payments-exports", "S3.8"));
      redress.send(bucketFinding("payments-exports", "S3.8"));

      assertThat(metrics.registry().get("redress.decisions").tag("source", "SECURITY_HUB")
          .tag("outcome", "REMEDIATE").counter().count()).isEqualTo(1);
      assertThat(metrics.registry().get("redress.decisions").tag("source", "SECURITY_HUB")
          .tag("outcome", "DUPLICATE").counter().count()).isEqualTo(1);
      assertThat(metrics.registry().scrape()).doesNotContain("payments-exports");
    }
  }

  @Test
  void aControlNobodyConfiguredIsPlannedAsADryRun() {
    try (TopologyFixture defaults = new TopologyFixture("{}")) {
      defaults.send(bucketFinding("payments-exports", "S3.8"));

      Decision decision = defaults.decisions.readValue();
      assertThat(decision.getOutcome()).isEqualTo(Outcome.DRY_RUN);
      assertThat(decision.getMode()).isEqualTo(Mode.DRY_RUN);
      assertThat(decision.getReason()).contains("default");
      assertThat(defaults.commands.readValue().getDryRun()).isTrue();
    }
  }

  @Test
  void anExceptedResourceGetsNoCommandAndNoLesson() {
    redress.except(scope(null, "S3.8", "arn:aws:s3:::public-website"), redress.now().plus(Duration.ofDays(30)));
    redress.send(bucketFinding("public-website", "S3.8"));

    Decision decision = redress.decisions.readValue();
    assertThat(decision.getOutcome()).isEqualTo(Outcome.EXCEPTED);
    assertThat(decision.getException().getScopeKey())
        .isEqualTo("control=S3.8;resource=arn:aws:s3:::public-website");
    assertThat(decision.getException().getApprover()).isEqualTo("ciso@example.com");
    assertThat(decision.getCommandId()).isNull();
    assertThat(redress.commands.isEmpty()).isTrue();
    assertThat(redress.notifications.isEmpty()).isTrue();
  }

  @Test
  void anExceptionOnOneControlCoversTheOtherControlsItsActionRemediates() {
    redress.except(scope(null, "S3.8", "arn:aws:s3:::public-website"), redress.now().plus(Duration.ofDays(30)));
    redress.send(bucketFinding("public-website", "S3.2"));

    Decision decision = redress.decisions.readValue();
    assertThat(decision.getOutcome()).as("S3.2's action is S3.8's: it would block the website's public access too")
        .isEqualTo(Outcome.EXCEPTED);
    assertThat(decision.getException().getScopeKey())
        .isEqualTo("control=S3.8;resource=arn:aws:s3:::public-website");
    assertThat(redress.commands.isEmpty()).isTrue();
  }

  @Test
  void theNarrowestExceptionIsCitedWhicheverControlOfTheActionItNames() {
    redress.except(scope(ACCOUNT, null, null), redress.now().plus(Duration.ofDays(30)));
    redress.except(scope(null, "S3.8", "arn:aws:s3:::public-website"), redress.now().plus(Duration.ofDays(30)));
    redress.send(bucketFinding("public-website", "S3.2"));

    assertThat(redress.decisions.readValue().getException().getScopeKey())
        .isEqualTo("control=S3.8;resource=arn:aws:s3:::public-website");
  }

  @Test
  void anExceptionOnOneControlLeavesAControlWithAnotherActionToItsOwnExceptions() {
    redress.except(scope(null, "S3.8", "arn:aws:s3:::public-website"), redress.now().plus(Duration.ofDays(30)));
    redress.send(finding("sg-0123", "AwsEc2SecurityGroup", ACCOUNT, "EC2.19"));
    redress.send(bucketFinding("other-bucket", "S3.2"));

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome)
        .containsExactly(Outcome.REMEDIATE, Outcome.REMEDIATE);
  }

  @Test
  void anAccountWideExceptionCoversEveryResourceInTheAccount() {
    redress.except(scope(ACCOUNT, null, null), redress.now().plus(Duration.ofDays(30)));
    redress.send(bucketFinding("one", "S3.8"));
    redress.send(finding("sg-0123", "AwsEc2SecurityGroup", ACCOUNT, "EC2.19"));
    redress.send(finding("arn:aws:s3:::elsewhere", "AwsS3Bucket", "999988887777", "S3.8"));

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome)
        .containsExactly(Outcome.EXCEPTED, Outcome.EXCEPTED, Outcome.REMEDIATE);
  }

  @Test
  void anExpiredExceptionDoesNotApplyAndItsExpiryIsRecorded() {
    redress.except(scope(null, "S3.8", "arn:aws:s3:::legacy"), redress.now().plus(Duration.ofHours(1)));
    redress.advance(Duration.ofHours(2));
    redress.send(bucketFinding("legacy", "S3.8"));

    Decision decision = redress.decisions.readValue();
    assertThat(decision.getOutcome()).isEqualTo(Outcome.REMEDIATE);
    assertThat(decision.getException()).isNull();
    assertThat(decision.getExpiredExceptions()).singleElement()
        .satisfies(expired -> assertThat(expired.getScopeKey()).isEqualTo("control=S3.8;resource=arn:aws:s3:::legacy"));
    assertThat(redress.commands.readValue().getResource().getId()).isEqualTo("arn:aws:s3:::legacy");
  }

  @Test
  void aRevokedExceptionNoLongerApplies() {
    Scope scope = scope(null, null, "arn:aws:s3:::website");
    redress.except(scope, redress.now().plus(Duration.ofDays(30)));
    redress.revoke(scope);
    redress.send(bucketFinding("website", "S3.8"));

    assertThat(redress.decisions.readValue().getOutcome()).isEqualTo(Outcome.REMEDIATE);
  }

  @Test
  void aTagScopedExceptionCoversResourcesCarryingTheTag() {
    redress.except(new Scope(null, null, "S3.8", null, "team=payments"), redress.now().plus(Duration.ofDays(1)));
    redress.send(bucketFinding("tagged", "S3.8"));

    assertThat(redress.decisions.readValue().getException().getScopeKey()).isEqualTo("control=S3.8;tag=team=payments");
  }

  /**
   * A source may spell a control in another case (a webhook's {@code s3.8}): it is the catalogue's control, in its
   * mode, cool-down and breaker count, never a control of its own that escapes them.
   */
  @Test
  void aControlSpelledInAnotherCaseIsDecidedCooledDownAndCountedAsTheCataloguesControl() {
    redress.send(bucketFinding("spelled-low", "s3.8"));
    redress.send(bucketFinding("spelled-low", "S3.8"));

    List<Decision> decided = redress.decisions.readValuesToList();
    assertThat(decided).extracting(Decision::getOutcome).containsExactly(Outcome.REMEDIATE, Outcome.DUPLICATE);
    assertThat(decided).extracting(decision -> decision.getFinding().getControl()).containsOnly("S3.8");
    assertThat(redress.commands.readValuesToList()).singleElement()
        .satisfies(command -> assertThat(command.getControl()).isEqualTo("S3.8"));
  }

  @Test
  void anExceptionWrittenWithALowerCaseControlExceptsTheFindingAndIsCitedAsWritten() {
    redress.except(scope(null, "s3.8", "arn:aws:s3:::public-website"), redress.now().plus(Duration.ofDays(30)));
    redress.send(bucketFinding("public-website", "S3.8"));

    Decision decision = redress.decisions.readValue();
    assertThat(decision.getOutcome()).isEqualTo(Outcome.EXCEPTED);
    assertThat(decision.getException().getScopeKey())
        .isEqualTo("control=s3.8;resource=arn:aws:s3:::public-website");
    assertThat(redress.commands.isEmpty()).isTrue();
  }

  @Test
  void revokingOneOfTwoExceptionsWhoseControlsDifferOnlyByCaseLeavesTheOtherInForce() {
    redress.except(scope(null, "s3.8", "arn:aws:s3:::public-website"), redress.now().plus(Duration.ofDays(30)));
    redress.except(scope(null, "S3.8", "arn:aws:s3:::public-website"), redress.now().plus(Duration.ofDays(30)));
    redress.revoke(scope(null, "S3.8", "arn:aws:s3:::public-website"));
    redress.send(bucketFinding("public-website", "S3.8"));

    Decision decision = redress.decisions.readValue();
    assertThat(decision.getOutcome()).isEqualTo(Outcome.EXCEPTED);
    assertThat(decision.getException().getScopeKey())
        .isEqualTo("control=s3.8;resource=arn:aws:s3:::public-website");
  }

  @Test
  void theSameResourceAndControlWithinTheCooldownIsADuplicate() {
    redress.send(bucketFinding("payments-exports", "S3.8"));
    redress.advance(Duration.ofMinutes(10));
    redress.send(bucketFinding("payments-exports", "S3.8"));

    List<Decision> decisions = redress.allDecisions();
    assertThat(decisions).extracting(Decision::getOutcome).containsExactly(Outcome.REMEDIATE, Outcome.DUPLICATE);
    assertThat(decisions.get(1).getReason()).contains("cool-down");
    assertThat(redress.commands.readValuesToList()).hasSize(1);
  }

  @Test
  void theSameResourceIsActedOnAgainOnceTheCooldownHasPassed() {
    redress.send(bucketFinding("payments-exports", "S3.8"));
    redress.advance(Duration.ofMinutes(61));
    redress.send(bucketFinding("payments-exports", "S3.8"));

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome)
        .containsExactly(Outcome.REMEDIATE, Outcome.REMEDIATE);
  }

  @Test
  void theCooldownForgetsAResourceOnceItsCooldownHasPassed() {
    redress.send(bucketFinding("old", "S3.8"));
    redress.advance(Duration.ofMinutes(90));
    redress.send(bucketFinding("new", "S3.8"));

    assertThat(redress.cooldownEntries()).singleElement().asString().contains("arn:aws:s3:::new");
  }

  @Test
  void anotherControlOnTheSameResourceIsNotADuplicate() {
    redress.send(bucketFinding("payments-exports", "S3.8"));
    redress.send(bucketFinding("payments-exports", "S3.2"));

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome)
        .containsExactly(Outcome.REMEDIATE, Outcome.REMEDIATE);
  }

  @Test
  void aNotifyOnlyControlSendsALessonAndNoCommand() {
    redress.send(finding("arn:aws:iam::111122223333:user/bob", "AwsIamUser", ACCOUNT, "IAM.9"));

    assertThat(redress.decisions.readValue().getOutcome()).isEqualTo(Outcome.NOTIFY_ONLY);
    assertThat(redress.notifications.readValue().getKind()).isEqualTo(NotificationKind.LESSON);
    assertThat(redress.commands.isEmpty()).isTrue();
  }

  @Test
  void aControlWithoutARegisteredRemediationOnlyNotifies() {
    redress.send(finding("sg-0123", "AwsEc2SecurityGroup", ACCOUNT, "EC2.10"));

    Decision decision = redress.decisions.readValue();
    assertThat(decision.getOutcome()).isEqualTo(Outcome.NOTIFY_ONLY);
    assertThat(decision.getReason()).contains("no remediation is registered for EC2.10");
    assertThat(redress.commands.isEmpty()).isTrue();
  }

  @Test
  void aControlSwitchedOffIsDisabledAndSilent() {
    redress.send(finding("arn:aws:kms:us-east-1:111122223333:key/1", "AwsKmsKey", ACCOUNT, "KMS.4"));

    assertThat(redress.decisions.readValue().getOutcome()).isEqualTo(Outcome.DISABLED);
    assertThat(redress.commands.isEmpty()).isTrue();
    assertThat(redress.notifications.isEmpty()).isTrue();
  }

  @Test
  void aPassedFindingIsNotActionable() {
    Finding passed = bucketFinding("fixed-already", "S3.8");
    passed.setCompliance(ComplianceStatus.PASSED);
    redress.send(passed);

    Decision decision = redress.decisions.readValue();
    assertThat(decision.getOutcome()).isEqualTo(Outcome.NOT_ACTIONABLE);
    assertThat(decision.getMode()).isNull();
    assertThat(redress.commands.isEmpty()).isTrue();
  }

  @Test
  void theBreakerTripsTheMomentTheThresholdIsCrossedAndHoldsEveryFurtherCommand() {
    for (int i = 1; i <= 2; i++) {
      redress.send(bucketFinding("bucket-" + i, "S3.8"));
    }
    redress.send(bucketFinding("bucket-3", "S3.8"));
    redress.send(bucketFinding("bucket-4", "S3.8"));

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome)
        .containsExactly(Outcome.REMEDIATE, Outcome.REMEDIATE, Outcome.HELD, Outcome.HELD);
    assertThat(redress.commands.readValuesToList()).hasSize(2);
    List<RemediationCommand> held = redress.held.readValuesToList();
    assertThat(held).extracting(command -> command.getResource().getId())
        .containsExactly("arn:aws:s3:::bucket-3", "arn:aws:s3:::bucket-4");
    assertThat(held).allSatisfy(command -> assertThat(command.getHeldBy()).isEqualTo("account:" + ACCOUNT));
    BreakerState opened = redress.breaker.readValue();
    assertThat(opened.getScope()).isEqualTo("account:" + ACCOUNT);
    assertThat(opened.getStatus()).isEqualTo(BreakerStatus.OPEN);
    assertThat(opened.getCount()).isEqualTo(3);
    assertThat(redress.breaker.isEmpty()).isTrue();
    assertThat(redress.notifications.readValuesToList())
        .extracting(Notification::getKind, notification -> notification.getDecision() == null ? null
            : notification.getDecision().getOutcome())
        .containsExactlyInAnyOrder(tuple(NotificationKind.BREAKER_TRIPPED, null),
            tuple(NotificationKind.LESSON, Outcome.HELD), tuple(NotificationKind.LESSON, Outcome.HELD));
  }

  @Test
  void eachAdmittedCommandIsOneRecordOnTheBreakersChangelogWhateverItsScopes() {
    redress.send(bucketFinding("bucket-1", "S3.8"));
    redress.send(bucketFinding("bucket-2", "S3.2"));

    assertThat(redress.commands.readValuesToList()).hasSize(2);
    assertThat(redress.changelogWrites(RedressTopology.BREAKER_ADMISSIONS_STORE)).isEqualTo(2);
  }

  @Test
  void anOpenAccountBreakerDoesNotHoldOtherAccountsUntilTheGlobalThreshold() {
    redress.send(bucketFinding("a-1", "S3.8"));
    redress.send(bucketFinding("a-2", "S3.8"));
    redress.send(bucketFinding("a-3", "S3.8"));
    redress.send(finding("arn:aws:s3:::b-1", "AwsS3Bucket", "999988887777", "S3.8"));
    redress.send(finding("arn:aws:s3:::b-2", "AwsS3Bucket", "999988887777", "S3.8"));

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome, Decision::getBreakerScope)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Outcome.REMEDIATE, null),
            org.assertj.core.groups.Tuple.tuple(Outcome.REMEDIATE, null),
            org.assertj.core.groups.Tuple.tuple(Outcome.HELD, "account:" + ACCOUNT),
            org.assertj.core.groups.Tuple.tuple(Outcome.REMEDIATE, null),
            org.assertj.core.groups.Tuple.tuple(Outcome.HELD, "global"));
  }

  @Test
  void theBreakerCountsEveryAdmissionInTheWindowEvenWhenFindingsArriveOutOfTimeOrder() {
    redress.advance(Duration.ofSeconds(10));
    redress.send(bucketFinding("late-stamped", "S3.8"));
    redress.advance(Duration.ofSeconds(-10));
    redress.send(bucketFinding("early-stamped-1", "S3.8"));
    redress.advance(Duration.ofSeconds(1));
    redress.send(bucketFinding("early-stamped-2", "S3.8"));

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome)
        .containsExactly(Outcome.REMEDIATE, Outcome.REMEDIATE, Outcome.HELD);
  }

  @Test
  void anOpenBreakerClosesByItselfAfterItsOpenPeriod() {
    redress.send(bucketFinding("a-1", "S3.8"));
    redress.send(bucketFinding("a-2", "S3.8"));
    redress.send(bucketFinding("a-3", "S3.8"));
    redress.advance(Duration.ofMinutes(31));
    redress.send(bucketFinding("a-4", "S3.8"));

    assertThat(redress.allDecisions()).extracting(Decision::getOutcome)
        .containsExactly(Outcome.REMEDIATE, Outcome.REMEDIATE, Outcome.HELD, Outcome.REMEDIATE);
    assertThat(redress.breaker.readValuesToList()).extracting(BreakerState::getStatus)
        .containsExactly(BreakerStatus.OPEN, BreakerStatus.CLOSED);
  }

  @Test
  void dryRunsAreNeitherCountedNorHeldByTheBreaker() {
    try (TopologyFixture defaults = new TopologyFixture("breaker: {thresholds: {global: 1}}")) {
      for (int i = 0; i < 5; i++) {
        defaults.send(bucketFinding("bucket-" + i, "S3.8"));
      }
      assertThat(defaults.allDecisions()).extracting(Decision::getOutcome).containsOnly(Outcome.DRY_RUN).hasSize(5);
      assertThat(defaults.held.isEmpty()).isTrue();
    }
  }

  @Test
  void aMalformedFindingGoesToTheDeadLetterTopicAndTheStreamGoesOn() {
    redress.sendRaw("{\"detail-type\": \"Security Hub Findings - Imported\", \"detail\": {\"findings\": [");
    redress.sendRaw(new byte[] {(byte) 0xC3, (byte) 0x28});

    List<DeadLetter> deadLetters = redress.deadLetters.readValuesToList();
    assertThat(deadLetters).hasSize(2);
    assertThat(deadLetters.get(0).getStage()).isEqualTo("normalize");
    assertThat(deadLetters.get(0).getReason()).isNotBlank();
    assertThat(StandardCharsets.UTF_8.decode(deadLetters.get(0).getPayload()).toString())
        .startsWith("{\"detail-type\"");
    assertThat(deadLetters.get(1).getReason()).contains("UTF-8");
    assertThat(redress.decisions.isEmpty()).isTrue();

    redress.send(bucketFinding("after-the-bad-one", "S3.8"));
    assertThat(redress.decisions.readValue().getOutcome()).isEqualTo(Outcome.REMEDIATE);
  }

  @Test
  void aFindingRecordThatCannotBeDecodedDoesNotStopTheStream() {
    // That it lands on the dead-letter topic is shown on a real broker (PipelineIT): the test driver does not
    // capture what exception handlers send.
    redress.sendUndecodableFinding("not avro".getBytes(StandardCharsets.UTF_8));
    redress.send(bucketFinding("next", "S3.8"));

    assertThat(redress.decisions.readValue().getFinding().getResource().getId()).isEqualTo("arn:aws:s3:::next");
  }

  /** Only the normalize step writes the findings topic; a finding another writer keyed otherwise is not decided. */
  @Test
  void aFindingNotKeyedByItsResourceIsNotDecidedAndTheStreamGoesOn() {
    redress.sendKeyed("some-other-key", bucketFinding("miskeyed", "S3.8"));
    redress.sendKeyed(null, bucketFinding("unkeyed", "S3.8"));
    redress.send(bucketFinding("next", "S3.8"));

    assertThat(redress.decisions.readValuesToList()).extracting(d -> d.getFinding().getResource().getId())
        .containsExactly("arn:aws:s3:::next");
    assertThat(redress.cooldownEntries()).noneMatch(entry -> entry.contains("keyed"));
  }

  @Test
  void anExceptionRecordThatCannotBeDecodedNeverStopsTheExceptionList() {
    redress.sendUndecodableException("{}".getBytes(StandardCharsets.UTF_8));
    redress.except(scope(null, "S3.8", "arn:aws:s3:::after"), redress.now().plus(Duration.ofDays(1)));
    redress.send(bucketFinding("after", "S3.8"));

    assertThat(redress.decisions.readValue().getOutcome()).isEqualTo(Outcome.EXCEPTED);
  }

  @Test
  void everyFindingLeavesExactlyOneDecision() {
    redress.except(scope(null, "S3.8", "arn:aws:s3:::excepted"), redress.now().plus(Duration.ofDays(1)));
    List<Finding> findings = List.of(
        bucketFinding("excepted", "S3.8"),
        bucketFinding("plain", "S3.8"),
        bucketFinding("plain", "S3.8"),
        finding("sg-1", "AwsEc2SecurityGroup", ACCOUNT, "EC2.19"),
        finding("arn:aws:kms:us-east-1:111122223333:key/1", "AwsKmsKey", ACCOUNT, "KMS.4"),
        bucketFinding("second", "S3.8"),
        bucketFinding("third", "S3.8"));
    findings.forEach(redress::send);

    assertThat(redress.allDecisions()).extracting(decision -> decision.getFinding().getResource().getId())
        .hasSize(findings.size());
  }

  @Test
  void anArchivedFindingIsNotActionableAndIssuesNothing() {
    redress.sendRaw(SecurityHubEvents.publicBucket(ACCOUNT, "archived", redress.now())
        .replace("\"RecordState\": \"ACTIVE\"", "\"RecordState\": \"ARCHIVED\""));

    assertNotActionableAndSilent("archived, resolved or suppressed");
  }

  @Test
  void aSuppressedFindingIsNotActionableAndIssuesNothing() {
    redress.sendRaw(SecurityHubEvents.publicBucket(ACCOUNT, "suppressed", redress.now())
        .replace("\"Workflow\": {\"Status\": \"NEW\"}", "\"Workflow\": {\"Status\": \"SUPPRESSED\"}"));

    assertNotActionableAndSilent("archived, resolved or suppressed");
  }

  @Test
  void aFindingOfAnUnmappedRuleIsNotActionableAndIssuesNothing() {
    redress.sendRaw(SecurityHubEvents.publicBucket(ACCOUNT, "unmapped", redress.now())
        .replace("\"GeneratorId\": \"security-control/S3.8\"", "\"GeneratorId\": \"custom/my-own-check\"")
        .replace(", \"SecurityControlId\": \"S3.8\"", ""));

    assertNotActionableAndSilent("maps to no known control");
  }

  private void assertNotActionableAndSilent(String because) {
    Decision decision = redress.decisions.readValue();
    assertThat(decision.getOutcome()).isEqualTo(Outcome.NOT_ACTIONABLE);
    assertThat(decision.getReason()).contains(because);
    assertThat(decision.getCommandId()).isNull();
    assertThat(redress.commands.isEmpty()).isTrue();
    assertThat(redress.notifications.isEmpty()).isTrue();
    assertThat(redress.cooldownEntries()).as("an inactive finding starts no cool-down").isEmpty();
  }

  private static Scope scope(String account, String control, String resource) {
    return new Scope(account, null, control, resource, null);
  }
}
