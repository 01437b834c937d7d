package io.redress.topology.steps;

import io.redress.contract.ExceptionRecord;
import io.redress.exceptions.ExceptionMatch;
import io.redress.exceptions.ExceptionScope;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the exceptions store {@link ExceptionCheck} reads: each exception on the topic under its
 * {@link ExceptionScope#indexKey}, so a record published under {@code control=s3.8} is found for a finding of S3.8.
 * Kafka Streams restores a global store that has its own processor by running the topic through that processor
 * again, so the store is indexed the same way after a restart as while running. It keeps {@link IndexedScopes} beside
 * the store, in step with it.
 */
public final class IndexExceptions implements Processor<String, ExceptionRecord, Void, Void> {

  private final String storeName;
  private final IndexedScopes scopes;
  private KeyValueStore<String, ExceptionRecord> exceptions;

  public IndexExceptions(String storeName, IndexedScopes scopes) {
    this.storeName = storeName;
    this.scopes = scopes;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.exceptions = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, ExceptionRecord> record) {
    if (record.key() == null) {
      return;
    }
    String indexKey = ExceptionScope.indexKey(record.key());
    ExceptionRecord exception = record.value();
    if (exception != null && ExceptionMatch.publishedUnderOwnScope(record.key(), exception)) {
      scopes.storing(record.key());
      exceptions.put(indexKey, exception);
    } else {
      exceptions.delete(indexKey);
      scopes.deleted(record.key());
    }
  }
}
