package io.redress.cli;

/** A part of Redress that can run, and scale, on its own. */
public enum Role {
  /** The decision topology (Kafka Streams). */
  STREAMS,
  /** Consumes remediation commands and calls AWS. */
  EXECUTOR,
  /** Consumes notifications and delivers lessons and alerts. */
  NOTIFIER,
  /** Serves HTTP: the webhook receiver. */
  HTTP
}
