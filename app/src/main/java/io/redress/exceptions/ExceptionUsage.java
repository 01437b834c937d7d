package io.redress.exceptions;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.Decision;
import io.redress.contract.Outcome;
import io.redress.kafka.AvroSerde;
import io.redress.operations.TopicScan;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/** Which findings an exception suppressed: the EXCEPTED decisions on the audit topic that cite its scope key. */
public final class ExceptionUsage {

  private static final Deserializer<Decision> DECISIONS = AvroSerde.of(Decision.class).deserializer();

  private ExceptionUsage() {
  }

  /**
   * Reads the whole decisions topic as it is now (its retention decides how far back that goes).
   *
   * @return how many decisions could not be decoded and were skipped
   */
  public static int suppressedBy(KafkaSettings kafka, String scopeKey, Consumer<Decision> each) {
    int[] undecodable = {0};
    TopicScan.each(kafka, kafka.topics().decisions(), record -> {
      Decision decision;
      try {
        decision = DECISIONS.deserialize(record.topic(), record.value());
      } catch (SerializationException e) {
        undecodable[0]++;
        return;
      }
      if (decision != null && decision.getOutcome() == Outcome.EXCEPTED && decision.getException() != null
          && ExceptionScope.matchingKey(decision.getException().getScopeKey())
              .equals(ExceptionScope.matchingKey(scopeKey))) {
        each.accept(decision);
      }
    });
    return undecodable[0];
  }
}
