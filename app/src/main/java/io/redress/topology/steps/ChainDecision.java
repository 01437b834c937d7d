package io.redress.topology.steps;

import io.redress.chain.HashChain;
import io.redress.contract.Decision;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Links each decision after the one before it on its partition ({@link HashChain}). The chain of a partition needs
 * one writer: this step runs in the task that owns the partition's number, and every decision it sees is keyed to
 * that partition (settled ones straight from the findings partition, remediation ones brought back from the breaker
 * by resource). The task's store holds the last hash; under exactly-once it commits with the decision written.
 */
public final class ChainDecision implements FixedKeyProcessor<String, Decision, Decision> {

  /** The store belongs to one task, and so to one partition: one entry is that partition's head. */
  private static final String HEAD = "head";

  private final String storeName;
  private FixedKeyProcessorContext<String, Decision> context;
  private KeyValueStore<String, String> heads;

  public ChainDecision(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Decision> context) {
    this.context = context;
    this.heads = context.getStateStore(storeName);
  }

  @Override
  public void process(FixedKeyRecord<String, Decision> record) {
    Decision linked = HashChain.link(record.value(), heads.get(HEAD));
    heads.put(HEAD, linked.getRecordHash());
    context.forward(record.withValue(linked));
  }
}
