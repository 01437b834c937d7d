package io.redress.audit;

import static io.redress.audit.AuditRecords.deadLetter;
import static io.redress.audit.AuditRecords.decision;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AuditFormatTest {

  private static final String ESCAPE = "\u001b";

  @Test
  void aDeadLetterNamesItsInputAsTopicPartitionAtOffsetAndTheStepThatRejectedIt() {
    String printed = AuditFormat.deadLetter(deadLetter("redress.findings.raw", 2, 41, "normalize", "not JSON"), "redress.dlq");

    assertThat(printed).isEqualTo(String.format(
        "%nDEAD LETTER  redress.findings.raw-2@41 rejected at normalize, kept on redress.dlq%n"
            + "          why: not JSON%n"));
  }

  @Test
  void aTerminalEscapeSequenceInAResourceIdIsPrintedAsTextNotSentToTheTerminal() {
    String printed = AuditFormat.decision(decision("arn:aws:s3:::x" + ESCAPE + "]0;pwned\u0007" + ESCAPE + "[2J",
        "control S3.8 is dry-run"));

    assertThat(printed).doesNotContain(ESCAPE, "\u0007")
        .contains("arn:aws:s3:::x\\u001B]0;pwned\\u0007\\u001B[2J (account 111122223333, eu-west-1)");
  }

  @Test
  void aReasonWithLineBreaksStaysOnItsOwnLine() {
    String printed = AuditFormat.decision(decision("arn:aws:s3:::bucket", "fine\nDECISION  EXCEPTED forged"));

    assertThat(printed).contains("why: fine\\nDECISION  EXCEPTED forged")
        .doesNotContain("\nDECISION  EXCEPTED");
  }

  @Test
  void anUnreadableRecordIsOneLineSayingWhereItIsAndWhy() {
    String printed = AuditFormat.unreadable("redress.decisions", 1, 7, new SerializationException("bad magic"));

    assertThat(printed).isEqualTo(String.format("%nUNREADABLE  redress.decisions-1@7 skipped: bad magic%n"));
  }

  @Test
  void anUnreadableRecordWhoseErrorHasNoMessageIsExplainedByTheErrorsClass() {
    assertThat(AuditFormat.unreadable("redress.decisions", 1, 7, new NullPointerException()))
        .contains("redress.decisions-1@7 skipped: java.lang.NullPointerException");
  }
}
