package io.redress.topology.steps;

import java.time.InstantSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The time a finding is judged at: when its record entered Kafka. The findings topics are created with
 * {@code message.timestamp.type=LogAppendTime}, so the broker stamps each record as it appends it and a producer
 * cannot forge the time (a finding stamped in year 99999 would otherwise make every exception look expired and
 * sweep every cool-down). A record that still carries a producer's time (a topic changed after Redress checked it)
 * is not trusted beyond this instance's clock: a claimed time later than now is taken as now. An earlier claimed
 * time is kept; it can only make a decision more cautious (an exception still in force, a cool-down still running,
 * a breaker counting more).
 */
public final class BrokerTime implements TimestampExtractor {

  private final InstantSource clock;

  public BrokerTime(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    if (record.timestampType() == TimestampType.LOG_APPEND_TIME) {
      return record.timestamp();
    }
    long now = clock.millis();
    return record.timestamp() < 0 ? now : Math.min(record.timestamp(), now);
  }
}
