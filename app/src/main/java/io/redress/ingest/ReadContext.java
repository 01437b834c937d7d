package io.redress.ingest;

/**
 * What a reader needs besides the record itself.
 *
 * @param mappings the source-rule-to-control table
 * @param receivedAt when Redress read the record (its Kafka timestamp), epoch milliseconds
 */
public record ReadContext(ControlMappings mappings, long receivedAt) {
}
