package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.HeldResolution;
import io.redress.contract.RemediationCommand;
import io.redress.contract.Resolution;
import io.redress.contract.Resource;
import io.redress.operations.HeldCommands;
import io.redress.operations.HeldCommands.Selection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeldReportTest {

  private static final Instant AT = Instant.parse("2026-11-27T06:00:00Z");

  private static RemediationCommand held(String commandId, String heldBy) {
    Resource bucket = Resource.newBuilder().setType("AwsS3Bucket").setId("arn:aws:s3:::public-site").setAccount("111122223333")
        .setRegion("us-east-1").setTags(Map.of()).build();
    return RemediationCommand.newBuilder().setCommandId(commandId).setDecisionId("decision-1").setFindingId("finding-1")
        .setControl("S3.8").setAction("s3-block-public-access").setResource(bucket).setDryRun(false).setIssuedAt(AT)
        .setHeldBy(heldBy).build();
  }

  private static HeldResolution earlier(String commandId, Resolution resolution, String by) {
    return HeldResolution.newBuilder().setCommandId(commandId).setResolution(resolution).setBy(by).setAt(AT)
        .setHeldBy("approval:S3.8").build();
  }

  private static String print(HeldReport.Words words, Resolution resolution, Selection selection,
      HeldCommands.Outcome outcome) {
    StringWriter out = new StringWriter();
    HeldReport.print(new PrintWriter(out, true), words, resolution, selection, outcome);
    return out.toString();
  }

  @Test
  void aReleaseOfTheBreakersCommandsSaysReleasedAndNamesTheScopeThatHeldEach() {
    String report = print(HeldReport.Words.BREAKER, Resolution.RELEASED, Selection.scope("account:111122223333"),
        new HeldCommands.Outcome(List.of(held("c1", "account:111122223333")), List.of(), List.of()));

    assertThat(report).isEqualTo("Released c1: s3-block-public-access on arn:aws:s3:::public-site (held by"
        + " account:111122223333)\nReleased 1 command (held by account:111122223333); 0 already decided before.\n"
        .replace("\n", System.lineSeparator()));
  }

  @Test
  void anApprovalSaysApprovedAndShowsEarlierDecisionsInTheApproversWords() {
    String report = print(HeldReport.Words.APPROVALS, Resolution.RELEASED, Selection.approval("S3.8"),
        new HeldCommands.Outcome(List.of(), List.of(earlier("c1", Resolution.DISCARDED, "bob"),
            earlier("c2", Resolution.RELEASED, "alice")), List.of()));

    assertThat(report).contains("Left alone c1: already denied by bob at " + AT)
        .contains("Left alone c2: already approved by alice at " + AT)
        .endsWith("Approved 0 commands (held by approval:S3.8); 2 already decided before." + System.lineSeparator());
  }

  @Test
  void aCommandWhoseDecisionCannotBeReadIsNamedAndLeftAlone() {
    String report = print(HeldReport.Words.BREAKER, Resolution.RELEASED, Selection.scope("global"),
        new HeldCommands.Outcome(List.of(), List.of(), List.of("c3")));

    assertThat(report).isEqualTo(("Left alone c3: its recorded decision cannot be read by this version (written by a"
        + " newer one, or by hand); decide it with the version that wrote it\nReleased 0 commands (held by global);"
        + " 1 already decided before.\n").replace("\n", System.lineSeparator()));
  }
}
