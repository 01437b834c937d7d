package io.redress.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.Topics;
import io.redress.contract.Decision;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationCommand;
import io.redress.kafka.AvroSerde;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A held command that a person released is on both command topics; a report reads them in no set order. */
class ReleasedCommandTest {

  private static final Instant AT = Instant.parse("2026-11-01T09:00:00Z");

  @Test
  void aReleasedCommandIsReportedReleasedWhicheverCopyIsReadFirst() {
    Decision held = History.decided("flooded", "S3.8", "111122223333", Outcome.HELD, AT);
    RemediationCommand waiting = RemediationCommand.newBuilder().setCommandId(held.getCommandId())
        .setDecisionId(held.getDecisionId()).setFindingId(held.getFinding().getFindingId()).setControl("S3.8")
        .setAction(held.getAction()).setResource(held.getFinding().getResource()).setDryRun(false).setIssuedAt(AT)
        .setHeldBy("account:111122223333").build();
    RemediationCommand released = RemediationCommand.newBuilder(waiting).setHeldBy(null).setReleasedBy("alice").build();

    for (List<String> order : List.of(
        List.of(Topics.UNPREFIXED.remediationsHeld(), Topics.UNPREFIXED.remediations()),
        List.of(Topics.UNPREFIXED.remediations(), Topics.UNPREFIXED.remediationsHeld()))) {
      AuditTrail trail = new AuditTrail(Topics.UNPREFIXED);
      trail.add(record(Topics.UNPREFIXED.decisions(), 0, AvroSerde.of(Decision.class).serializer()
          .serialize(Topics.UNPREFIXED.decisions(), held)));
      for (String topic : order) {
        RemediationCommand copy = topic.equals(Topics.UNPREFIXED.remediations()) ? released : waiting;
        trail.add(record(topic, 1, AvroSerde.of(RemediationCommand.class).serializer().serialize(topic, copy)));
      }

      assertThat(trail.entries()).singleElement().satisfies(entry -> assertThat(entry.command())
          .hasValueSatisfying(command -> assertThat(command.getReleasedBy()).as("read " + order).isEqualTo("alice")));
    }
  }

  private static AuditRecord record(String topic, long offset, byte[] value) {
    return new AuditRecord(topic, 0, offset, AT.toEpochMilli(), "key", value);
  }
}
