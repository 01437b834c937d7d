package io.redress.audit;

/**
 * One record of an audit topic as it is stored, with its place: what a report joins, and what a check of the log's
 * integrity would need (its bytes, in partition order).
 *
 * @param timestamp the record's Kafka timestamp (epoch milliseconds)
 * @param value its bytes; {@code null} for a tombstone
 */
public record AuditRecord(String topic, int partition, long offset, long timestamp, String key, byte[] value) {

  /** Where the record is, as Kafka's own tools write it: {@code topic-partition@offset}. */
  public String position() {
    return AuditText.plain(topic) + "-" + partition + "@" + offset;
  }
}
