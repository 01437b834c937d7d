package io.redress.audit;

/**
 * The first place where a partition's hash chain does not hold.
 *
 * @param offset of the first record that is not where the chain says it should be
 */
public record ChainBreak(String topic, int partition, long offset, Kind kind, String detail) {

  /** What the records around the break show. */
  public enum Kind {
    /** Its content no longer matches its own hash. */
    ALTERED,
    /** It is not part of the chain: the records around it link to each other, or it repeats a link. */
    INSERTED,
    /** The record it names as its predecessor is not there. */
    REMOVED,
    /** Its predecessor is there, but later in the partition. */
    REORDERED,
    /** It is not a decision or result Redress can read. */
    UNREADABLE
  }

  /** One line for a person: what, where (as Kafka's tools write it), and why. */
  public String describe() {
    return AuditText.plain(topic) + "-" + partition + "@" + offset + ": " + kind.name().toLowerCase() + ": " + detail;
  }
}
