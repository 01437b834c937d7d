package io.redress.topology;

import static io.redress.topology.TopologyFixture.bucketFinding;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.Decision;
import io.redress.contract.Notification;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.topology.steps.LessonAfterResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A command's lesson goes out once its result is known, and carries it; only what no command reports on goes earlier. */
class LessonsFollowResultsTest {

  private final TopologyFixture redress = new TopologyFixture("""
      controls: {S3.8: {mode: auto}, EC2.19: {mode: notify-only}}
      breaker: {thresholds: {account: 1}}
      """);

  @AfterEach
  void close() {
    redress.close();
  }

  private static RemediationResult resultOf(RemediationCommand command, RemediationStatus status) {
    return RemediationResult.newBuilder()
        .setCommandId(command.getCommandId()).setControl(command.getControl()).setAction(command.getAction())
        .setResource(command.getResource()).setStatus(status).setMessage("what the executor said")
        .setExecutedAt(TopologyFixture.START.plusSeconds(5)).build();
  }

  @ParameterizedTest
  @EnumSource(RemediationStatus.class)
  void aCommandsLessonCarriesItsResultExactlyAsTheExecutorReportedIt(RemediationStatus status) {
    redress.send(bucketFinding("payments-exports", "S3.8"));
    Decision decision = redress.decisions.readValue();
    RemediationCommand command = redress.commands.readValue();

    redress.sendResult(resultOf(command, status));

    Notification lesson = redress.notifications.readValue();
    assertThat(lesson.getDecision().getDecisionId()).isEqualTo(decision.getDecisionId());
    assertThat(lesson.getRemediationResult().getStatus()).isEqualTo(status);
    assertThat(lesson.getRemediationResult().getCommandId()).isEqualTo(command.getCommandId());
    assertThat(redress.notifications.isEmpty()).isTrue();
  }

  @Test
  void aResultThatOvertakesItsDecisionIsTaughtOnceTheDecisionArrives() {
    redress.send(bucketFinding("payments-exports", "S3.8"));
    Decision decision = redress.decisions.readValue();
    RemediationCommand command = redress.commands.readValue();
    redress.notifications.readValuesToList();
    try (TopologyFixture other = new TopologyFixture("controls: {S3.8: {mode: auto}}")) {
      other.sendResult(resultOf(command, RemediationStatus.APPLIED));
      assertThat(other.notifications.isEmpty()).as("no lesson without its decision").isTrue();

      other.sendDecision(decision);

      assertThat(other.notifications.readValue().getRemediationResult().getStatus())
          .isEqualTo(RemediationStatus.APPLIED);
    }
  }

  /** Each store's changelog gets what changed and nothing more: a store with nothing waiting has nothing to forget. */
  @Test
  void pairingWritesToAChangelogOnlyWhatWaitedAndItsRelease() {
    redress.send(bucketFinding("payments-exports", "S3.8"));
    Decision decision = redress.decisions.readValue();
    RemediationCommand command = redress.commands.readValue();
    try (TopologyFixture other = new TopologyFixture("controls: {S3.8: {mode: auto}}")) {
      other.sendResult(resultOf(command, RemediationStatus.APPLIED));
      assertThat(other.changelogWrites(RedressTopology.LESSON_RESULTS_STORE)).as("the result waits").isEqualTo(1);
      assertThat(other.changelogWrites(RedressTopology.LESSON_DECISIONS_STORE)).as("no decision waited").isZero();

      other.sendDecision(decision);
      assertThat(other.changelogWrites(RedressTopology.LESSON_RESULTS_STORE)).as("the result is released").isEqualTo(1);
      assertThat(other.changelogWrites(RedressTopology.LESSON_DECISIONS_STORE)).as("the decision never waits").isZero();
      assertThat(other.notifications.readValuesToList()).hasSize(1);
    }
  }

  /**
   * A held command a person discarded or denied never gets a result: its decision is given up once it has waited
   * longer than any command waits for a person, and not a moment sooner.
   */
  @Test
  void aDecisionWhoseResultNeverComesIsGivenUpAfterTheLongestWaitAndNoSooner() {
    redress.send(bucketFinding("first", "S3.8"));
    redress.send(bucketFinding("held", "S3.8"));
    List<String> held = redress.held.readValuesToList().stream().map(RemediationCommand::getCommandId).toList();
    assertThat(held).hasSize(1);
    assertThat(redress.storeKeys(RedressTopology.LESSON_DECISIONS_STORE)).contains(held.get(0));

    redress.advance(LessonAfterResult.LONGEST_WAIT);
    redress.send(bucketFinding("a-month-later", "S3.8"));
    assertThat(redress.storeKeys(RedressTopology.LESSON_DECISIONS_STORE)).as("exactly the longest wait")
        .contains(held.get(0));

    redress.advance(Duration.ofHours(1));
    redress.send(bucketFinding("an-hour-after-that", "S3.8"));
    assertThat(redress.storeKeys(RedressTopology.LESSON_DECISIONS_STORE)).doesNotContain(held.get(0));
  }

  @Test
  void aResultIsTaughtOnceEvenWhenTheSameResultIsReadAgain() {
    redress.send(bucketFinding("payments-exports", "S3.8"));
    RemediationCommand command = redress.commands.readValue();

    redress.sendResult(resultOf(command, RemediationStatus.APPLIED));
    redress.sendResult(resultOf(command, RemediationStatus.APPLIED));

    assertThat(redress.notifications.readValuesToList()).hasSize(1);
  }

  @Test
  void aHeldCommandsCreatorIsToldAtOnceThatItWaitsForAHuman() {
    redress.send(bucketFinding("first", "S3.8"));
    redress.send(bucketFinding("second", "S3.8"));
    redress.send(bucketFinding("third", "S3.8"));

    List<Notification> lessons = redress.notifications.readValuesToList().stream()
        .filter(notification -> notification.getDecision() != null).toList();
    assertThat(lessons).isNotEmpty().allSatisfy(lesson -> {
      assertThat(lesson.getDecision().getOutcome()).isEqualTo(Outcome.HELD);
      assertThat(lesson.getRemediationResult()).isNull();
    });
  }

  @Test
  void aNotifyOnlyLessonGoesAtDecisionTime() {
    redress.send(TopologyFixture.finding("sg-0123456789abcdef0", "AwsEc2SecurityGroup", TopologyFixture.ACCOUNT,
        "EC2.19"));

    Notification lesson = redress.notifications.readValue();
    assertThat(lesson.getDecision().getOutcome()).isEqualTo(Outcome.NOTIFY_ONLY);
    assertThat(lesson.getRemediationResult()).isNull();
  }
}
