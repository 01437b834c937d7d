package io.redress.topology.steps;

import io.redress.contract.NotificationResult;
import io.redress.contract.TrainingFigure;
import io.redress.notification.RepeatOffenders;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each creator's running figure per control from the delivery results that taught them, and emits it whenever
 * it changes; the input is keyed by creator and control, so each figure lives on one task.
 */
public final class TrainingStep implements FixedKeyProcessor<String, NotificationResult, TrainingFigure> {

  private final String storeName;
  private FixedKeyProcessorContext<String, TrainingFigure> context;
  private KeyValueStore<String, TrainingFigure> figures;

  public TrainingStep(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, TrainingFigure> context) {
    this.context = context;
    this.figures = context.getStateStore(storeName);
  }

  @Override
  public void process(FixedKeyRecord<String, NotificationResult> record) {
    TrainingFigure before = figures.get(record.key());
    TrainingFigure after = RepeatOffenders.counted(before, record.value(), Instant.ofEpochMilli(record.timestamp()));
    if (after != before) {
      figures.put(record.key(), after);
      context.forward(record.withValue(after));
    }
  }
}
