package io.redress.topology.steps;

import io.redress.config.SourceNames;
import io.redress.contract.DeadLetter;
import io.redress.contract.Finding;
import io.redress.ingest.FindingNormalizer;
import io.redress.ingest.Normalization;
import io.redress.kafka.DeadLetters;
import io.redress.kafka.DeadLetters.Origin;
import io.redress.kafka.RecordKeys;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns one raw record into its findings, each keyed by its resource, or into one dead letter saying where the
 * input came from and what is wrong with it. Nothing here may throw: one bad input must never stop the stream.
 */
public final class Normalize implements Processor<String, byte[], String, Normalized> {

  private final FindingNormalizer normalizer;
  private ProcessorContext<String, Normalized> context;

  public Normalize(FindingNormalizer normalizer) {
    this.normalizer = normalizer;
  }

  @Override
  public void init(ProcessorContext<String, Normalized> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    byte[] payload = record.value() == null ? new byte[0] : record.value();
    Normalization result = normalizer.normalize(payload, record.timestamp(), sender(record.headers()));
    if (result instanceof Normalization.Rejected rejected) {
      context.forward(record.withValue(new Normalized.Rejected(deadLetter(record, payload, rejected.reason()))));
      return;
    }
    for (Finding finding : ((Normalization.Accepted) result).findings()) {
      context.forward(record.withKey(RecordKeys.resource(finding.getResource()))
          .withValue(new Normalized.Accepted(finding)));
    }
  }

  /** Lenient here: a header that is not UTF-8 becomes text that is no source name, which the normalizer refuses. */
  private static Optional<String> sender(Headers headers) {
    Header header = headers.lastHeader(SourceNames.HEADER);
    return header == null || header.value() == null ? Optional.empty()
        : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
  }

  private DeadLetter deadLetter(Record<String, byte[]> record, byte[] payload, String reason) {
    RecordMetadata metadata = context.recordMetadata().orElseThrow();
    byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
    Origin origin = new Origin(metadata.topic(), metadata.partition(), metadata.offset(), key, record.timestamp());
    return DeadLetters.of(origin, payload, "normalize", reason);
  }
}
