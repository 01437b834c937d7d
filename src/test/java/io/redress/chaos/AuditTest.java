package io.redress.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.chaos.Observations.CommandSeen;
import io.redress.chaos.Observations.DeadLetterSeen;
import io.redress.chaos.Observations.DecisionSeen;
import io.redress.chaos.Observations.ResultSeen;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditTest {

  private static final Input VALID = new Input("valid-1", "kills", ValidFindings.KIND, "S3.8", Expectation.DECISION,
      "finding-1", "aws/111122223333/us-east-1/arn:aws:s3:::bucket-1");
  private static final Input BAD = new Input("fuzz-2", "fuzz", "hostile ids", "../../etc/passwd",
      Expectation.DEAD_LETTER, "finding-2", "aws/200000000002/us-east-1/../../etc/passwd");

  @Test
  void aValidFindingDecidedTwiceIsDuplicatedNotAsExpected() {
    Audit audit = audit(List.of(decision(VALID), decision(VALID)), List.of());

    assertThat(audit.outcomes(Expectation.DECISION))
        .extracting("inputs", "asExpected", "severalOutputs", "noOutput").containsExactly(1, 0, 1, 0);
  }

  @Test
  void aBadInputDecidedInsteadOfDeadLetteredIsCountedAsDecided() {
    Audit audit = audit(List.of(decision(BAD)), List.of());

    assertThat(audit.outcomes(Expectation.DEAD_LETTER))
        .extracting("asExpected", "decided", "deadLettered").containsExactly(0, 1, 0);
  }

  @Test
  void aDeadLetterOfALaterStepIsTracedToItsInputByResourceKey() {
    DeadLetterSeen laterStep = new DeadLetterSeen(BAD.resourceKey(), "redress.findings", "decide", "too large");
    Audit audit = audit(List.of(), List.of(laterStep));

    assertThat(audit.outcomes(Expectation.DEAD_LETTER).asExpected()).isOne();
    assertThat(audit.deadLetters().untraced()).isZero();
  }

  @Test
  void aDeadLetterNamingNoInputIsUntraced() {
    Audit audit = audit(List.of(), List.of(new DeadLetterSeen("someone-else", "redress.findings.raw", "normalize",
        "not JSON")));

    assertThat(audit.deadLetters().untraced()).isOne();
  }

  @Test
  void reasonsAreGroupedWithoutTheirIdsQuotesAndCounts() {
    assertThat(Audit.reasonPrefix("finding 1 of 2 (id arn:aws:x:finding/a): Title is number, expected a string"))
        .isEqualTo("finding N of N (id …): Title is number, expected a string");
    assertThat(Audit.reasonPrefix("finding 1 of 1 (id x) has AwsAccountId '12', not a twelve-digit account id"))
        .isEqualTo("finding N of N (id …) has AwsAccountId '…', not a twelve-digit account id");
    assertThat(Audit.reasonPrefix("finding 1 of 1: Id is a number, expected a string"))
        .isEqualTo("finding N of N: Id is a number, expected a string");
    assertThat(Audit.reasonPrefix("finding 1 of 1 has Id 'aaa…' (10328 characters), longer than 512"))
        .isEqualTo("finding N of N has Id '…' (N characters), longer than N");
    assertThat(Audit.reasonPrefix("not UTF-8 text: Input length = 1")).isEqualTo("not UTF-8 text");
  }

  private static Audit audit(List<DecisionSeen> decisions, List<DeadLetterSeen> deadLetters) {
    List<CommandSeen> commands = List.of();
    List<ResultSeen> results = List.of();
    return new Audit(List.of(VALID, BAD), new Outputs(decisions, deadLetters, commands, results, Map.of()));
  }

  private static DecisionSeen decision(Input input) {
    return new DecisionSeen(input.resourceKey(), input.findingId(), "DRY_RUN", null);
  }
}
