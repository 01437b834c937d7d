package io.redress.topology.steps;

import io.redress.contract.ExceptionRecord;
import io.redress.decision.Assessment;
import io.redress.decision.Verdict;
import io.redress.exceptions.ExceptionMatch;
import io.redress.exceptions.ExceptionScope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Settles a finding as EXCEPTED when an exception in force covers it. Exceptions live in a global store (every
 * instance holds the whole list) because an account- or control-wide exception must be visible to every
 * partition, whatever resource key it is about. {@link IndexExceptions} keeps the store.
 */
public final class ExceptionCheck implements FixedKeyProcessor<String, Assessment, Assessment> {

  private final String storeName;
  private final IndexedScopes scopes;
  private final Function<String, List<String>> exceptedWith;
  private FixedKeyProcessorContext<String, Assessment> context;
  private KeyValueStore<String, ExceptionRecord> exceptions;

  /**
   * @param scopes the scopes {@link IndexExceptions} has stored exceptions under
   * @param exceptedWith the controls whose exceptions cover a finding of a control: itself, then the others its action
   *     remediates ({@code RemediationCatalogue#exceptedWith})
   */
  public ExceptionCheck(String storeName, IndexedScopes scopes, Function<String, List<String>> exceptedWith) {
    this.storeName = storeName;
    this.scopes = scopes;
    this.exceptedWith = exceptedWith;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Assessment> context) {
    this.context = context;
    this.exceptions = context.getStateStore(storeName);
  }

  @Override
  public void process(FixedKeyRecord<String, Assessment> record) {
    context.forward(record.withValue(check(record.value())));
  }

  private Assessment check(Assessment assessment) {
    if (assessment.settled()) {
      return assessment;
    }
    long stored = exceptions.approximateNumEntries();
    if (scopes.empty(stored)) {
      return assessment;
    }
    ExceptionMatch match = ExceptionMatch.of(key -> indexedUnder(key, stored), assessment.finding().getResource(),
        exceptedWith.apply(assessment.control()), assessment.at());
    Assessment withExpired = assessment.withExpired(match.expired());
    return match.inForce()
        .map(exception -> withExpired.settle(new Verdict.Excepted(exception, ExceptionMatch.describe(exception))))
        .orElse(withExpired);
  }

  private List<ExceptionRecord> indexedUnder(String matchingKey, long stored) {
    if (!scopes.mayHold(matchingKey, stored)) {
      return List.of();
    }
    List<ExceptionRecord> indexed = new ArrayList<>();
    try (KeyValueIterator<String, ExceptionRecord> scan =
        exceptions.prefixScan(ExceptionScope.indexPrefix(matchingKey), new StringSerializer())) {
      scan.forEachRemaining(entry -> indexed.add(entry.value));
    }
    return indexed;
  }
}
