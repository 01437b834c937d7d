package io.redress.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The chaos harness in small, on the jar Maven just packaged, so that neither Redress's guarantees nor the harness
 * can rot unseen. Alone: {@code mvn -q verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=ChaosSmokeIT}; left out: {@code -DexcludedGroups=chaos}.
 */
@Tag("chaos")
class ChaosSmokeIT {

  @Test
  void aKillABrokerRestartAndHostileInputLoseDuplicateAndStallNothing() throws Exception {
    assertThat(Path.of("target", "redress.jar")).as("the packaged Redress").isRegularFile();
    ChaosOptions options = ChaosCommand.parse(
        "--findings", "300", "--kills", "1",
        "--broker-restart", "--broker-findings", "150", "--broker-down-seconds", "3",
        "--fuzz", "300", "--fuzz-valid", "30", "--seed", "42",
        "--rate", "200", "--stall-seconds", "90", "--drain-timeout-seconds", "150",
        "--work-dir", "target/chaos/smoke", "--out", "target/chaos/smoke.json");

    ChaosReport report = new ChaosRun(options, System.out).execute();
    ReportTable.print(report, System.out);
    ReportJson.write(report, options.out());

    SoftAssertions.assertSoftly(softly -> {
      softly.assertThat(report.validFindings().inputs()).as("valid findings sent").isEqualTo(480);
      softly.assertThat(report.validFindings().noOutput()).as("valid findings lost").isZero();
      softly.assertThat(report.validFindings().severalOutputs()).as("valid findings duplicated").isZero();
      softly.assertThat(report.validFindings().asExpected()).as("valid findings with exactly one decision")
          .isEqualTo(480);
      softly.assertThat(report.commands().duplicates()).as("duplicate commands").isZero();
      softly.assertThat(report.commands().withoutResult()).as("commands without a result").isZero();
      softly.assertThat(report.results().duplicates()).as("duplicate results").isZero();
      softly.assertThat(report.badInputs().percentAsExpected()).as("bad inputs with exactly one dead letter, %")
          .isEqualTo(100.0);
      softly.assertThat(report.oversizedTextInputs().percentAsExpected())
          .as("oversized-text inputs accounted for exactly once, %").isEqualTo(100.0);
      softly.assertThat(report.stalls()).as("stalls").isEmpty();
      softly.assertThat(report.crashes()).as("crashes").isEmpty();
      softly.assertThat(report.restarts()).as("restarts after kill -9, each followed by a decision").hasSize(1)
          .allSatisfy(restart -> assertThat(restart.secondsToDecision()).isNotNull());
      softly.assertThat(report.brokerOutages()).as("broker restarts, each followed by a decision").hasSize(1)
          .allSatisfy(outage -> assertThat(outage.secondsToDecision()).isNotNull());
      softly.assertThat(report.failures()).as("everything the harness counts as a failure").isEmpty();
    });
    String workDir = options.workDir().toAbsolutePath().normalize().toString();
    assertThat(ProcessHandle.allProcesses()
        .filter(process -> process.info().arguments().map(args -> String.join(" ", args)).orElse("")
            .contains(workDir)))
        .as("broker or Redress processes left behind").isEmpty();
  }
}
