package io.redress.ingest;

import io.redress.contract.DeadLetter;
import io.redress.contract.Finding;
import io.redress.kafka.RecordKeys;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns one raw record into its findings, each keyed by its resource, or into one dead letter carrying the input
 * byte for byte, where it came from, and what is wrong with it. Nothing here may throw: one bad input must never
 * stop the stream.
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
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(payload)).toString();
    } catch (CharacterCodingException e) {
      reject(record, payload, "not UTF-8 text: " + e.getMessage());
      return;
    }
    Normalization result = normalizer.normalize(text, record.timestamp());
    if (result instanceof Normalization.Rejected rejected) {
      reject(record, payload, rejected.reason());
      return;
    }
    for (Finding finding : ((Normalization.Accepted) result).findings()) {
      context.forward(record.withKey(RecordKeys.resource(finding.getResource()))
          .withValue(new Normalized.Accepted(finding)));
    }
  }

  private void reject(Record<String, byte[]> record, byte[] payload, String reason) {
    RecordMetadata origin = context.recordMetadata().orElseThrow();
    DeadLetter deadLetter = DeadLetter.newBuilder()
        .setTopic(origin.topic())
        .setPartition(origin.partition())
        .setOffset(origin.offset())
        .setKey(record.key())
        .setPayload(ByteBuffer.wrap(payload))
        .setStage("normalize")
        .setReason(reason)
        .setFailedAt(Instant.ofEpochMilli(record.timestamp()))
        .build();
    context.forward(record.withValue(new Normalized.Rejected(deadLetter)));
  }
}
