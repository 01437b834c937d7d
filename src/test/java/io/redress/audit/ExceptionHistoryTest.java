package io.redress.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.ExceptionRecord;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which version of an exception an audit shows beside a decision, and which were in force at an instant. */
class ExceptionHistoryTest {

  private static final String KEY = "control=S3.8;resource=arn:aws:s3:::site";
  private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

  private final ExceptionHistory history = new ExceptionHistory();
  private final ExceptionRecord first = History.exception("arn:aws:s3:::site", "alice", T, T.plus(Duration.ofDays(30)));
  private final ExceptionRecord renewed = History.exception("arn:aws:s3:::site", "bob", T.plus(Duration.ofDays(1)),
      T.plus(Duration.ofDays(60)));

  @Test
  void theVersionWrittenByThenIsShownFromTheMillisecondItWasWritten() {
    history.add(KEY, T.toEpochMilli(), first);
    history.add(KEY, T.plus(Duration.ofDays(1)).toEpochMilli(), renewed);

    assertThat(history.asOf(KEY, T)).contains(first);
    assertThat(history.asOf(KEY, T.plus(Duration.ofDays(1)).minusMillis(1))).contains(first);
    assertThat(history.asOf(KEY, T.plus(Duration.ofDays(1)))).contains(renewed);
  }

  @Test
  void beforeAnyVersionStillRecordedTheEarliestIsShownAndAfterARevocationTheLastOneWritten() {
    history.add(KEY, T.toEpochMilli(), first);
    history.add(KEY, T.plus(Duration.ofDays(1)).toEpochMilli(), null);

    assertThat(history.asOf(KEY, T.minusMillis(1))).contains(first);
    assertThat(history.asOf(KEY, T.plus(Duration.ofDays(2)))).contains(first);
    assertThat(history.asOf("control=S3.8;resource=arn:aws:s3:::other", T)).isEmpty();
  }

  @Test
  void anExceptionIsInForceUntilTheMillisecondBeforeItExpiresAndNotOnceRevoked() {
    history.add(KEY, T.toEpochMilli(), first);

    assertThat(history.inForceAt(T.minusMillis(1))).isEmpty();
    assertThat(history.inForceAt(T)).containsOnlyKeys(KEY);
    assertThat(history.inForceAt(first.getExpiresAt().minusMillis(1))).containsOnlyKeys(KEY);
    assertThat(history.inForceAt(first.getExpiresAt())).isEmpty();

    history.add(KEY, T.plus(Duration.ofDays(1)).toEpochMilli(), null);
    assertThat(history.inForceAt(T.plus(Duration.ofDays(1)))).isEmpty();
  }
}
