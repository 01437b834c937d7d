package io.redress.topology.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class BrokerTimeTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private final BrokerTime time = new BrokerTime(() -> NOW);

  @Test
  void theBrokersAppendTimeIsTrustedAsItIsEvenAheadOfThisClock() {
    long appended = NOW.plusSeconds(5).toEpochMilli();

    assertThat(time.extract(record(appended, TimestampType.LOG_APPEND_TIME), 0)).isEqualTo(appended);
  }

  @Test
  void aProducersTimeLaterThanThisClockIsTakenAsNow() {
    assertThat(time.extract(record(NOW.toEpochMilli() + 1, TimestampType.CREATE_TIME), 0)).isEqualTo(NOW.toEpochMilli());
  }

  @Test
  void aProducersTimeUpToThisClockIsKept() {
    assertThat(time.extract(record(NOW.toEpochMilli(), TimestampType.CREATE_TIME), 0)).isEqualTo(NOW.toEpochMilli());
    assertThat(time.extract(record(0, TimestampType.CREATE_TIME), 0)).isZero();
  }

  @Test
  void aRecordWithoutATimeIsTakenAsNow() {
    assertThat(time.extract(record(-1, TimestampType.NO_TIMESTAMP_TYPE), 0)).isEqualTo(NOW.toEpochMilli());
  }

  private static ConsumerRecord<Object, Object> record(long timestamp, TimestampType type) {
    return new ConsumerRecord<>("redress.findings", 0, 0, timestamp, type, 0, 0, "key", "value",
        new RecordHeaders(), Optional.empty());
  }
}
