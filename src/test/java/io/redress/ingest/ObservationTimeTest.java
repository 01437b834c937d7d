package io.redress.ingest;

import static io.redress.ingest.Fixtures.RECEIVED_AT;
import static io.redress.ingest.Fixtures.SINGLE_FINDING_ID;
import static io.redress.ingest.Fixtures.normalizeOne;
import static io.redress.ingest.Fixtures.rejectionOf;
import static io.redress.ingest.Fixtures.singleFinding;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An observation time from the far future or the distant past is a forgery, not an observation. */
class ObservationTimeTest {

  private static final Instant RECEIVED = Instant.ofEpochMilli(RECEIVED_AT);
  private static final String PREFIX = "finding 1 of 1 (id " + SINGLE_FINDING_ID + ") has ";

  @Test
  void an_update_in_the_year_99999_is_rejected() {
    ObjectNode asff = singleFinding().put("UpdatedAt", "+99999-01-01T00:00:00Z");

    assertThat(rejectionOf(asff)).isEqualTo(PREFIX + "UpdatedAt '+99999-01-01T00:00:00Z', more than a day after the "
        + "record was received (2025-11-20T09:13:20Z): not a real observation");
  }

  @Test
  void a_creation_time_in_the_year_99999_is_rejected_when_it_is_the_observation_time() {
    ObjectNode asff = singleFinding().put("CreatedAt", "+99999-01-01T00:00:00Z");
    asff.remove("UpdatedAt");

    assertThat(rejectionOf(asff)).startsWith(PREFIX + "CreatedAt '+99999-01-01T00:00:00Z', more than a day after");
  }

  @Test
  void an_observation_exactly_one_day_after_receipt_is_accepted() {
    Instant latest = RECEIVED.plus(Duration.ofDays(1));

    assertThat(normalizeOne(singleFinding().put("UpdatedAt", latest.toString())).getObservedAt()).isEqualTo(latest);
  }

  @Test
  void an_observation_one_millisecond_more_than_a_day_after_receipt_is_rejected() {
    Instant tooLate = RECEIVED.plus(Duration.ofDays(1)).plusMillis(1);

    assertThat(rejectionOf(singleFinding().put("UpdatedAt", tooLate.toString())))
        .startsWith(PREFIX + "UpdatedAt '2025-11-21T09:13:20.001Z', more than a day after the record was received");
  }

  @Test
  void an_observation_at_the_start_of_2000_is_accepted() {
    ObjectNode asff = singleFinding().put("UpdatedAt", "2000-01-01T00:00:00Z");

    assertThat(normalizeOne(asff).getObservedAt()).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
  }

  @Test
  void an_observation_one_millisecond_before_2000_is_rejected() {
    ObjectNode asff = singleFinding().put("UpdatedAt", "1999-12-31T23:59:59.999Z");

    assertThat(rejectionOf(asff)).isEqualTo(PREFIX
        + "UpdatedAt '1999-12-31T23:59:59.999Z', before 2000-01-01T00:00:00Z: not a real observation");
  }

  @Test
  void an_observation_at_the_epoch_is_rejected() {
    ObjectNode asff = singleFinding().put("UpdatedAt", "1970-01-01T00:00:00Z");

    assertThat(rejectionOf(asff)).endsWith("before 2000-01-01T00:00:00Z: not a real observation");
  }

  @Test
  void an_observation_beyond_what_milliseconds_can_hold_is_rejected_not_thrown() {
    ObjectNode asff = singleFinding().put("UpdatedAt", "+999999999-12-31T23:59:59Z");

    assertThat(rejectionOf(asff)).contains("more than a day after the record was received");
  }
}
