package io.redress.audit;

import io.redress.config.Topics;
import io.redress.contract.AppliedException;
import io.redress.contract.BreakerState;
import io.redress.contract.Decision;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.kafka.AvroSerde;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * What the audit topics recorded, decoded and joined: each decision with its command, result and cited exception,
 * every breaker change, and the exceptions' history. A record that cannot be decoded is kept as its position, so a
 * report says what it could not read instead of stopping or leaving it out silently.
 */
public final class AuditTrail {

  private final Topics topics;
  private final AvroSerde<Decision> decisions = AvroSerde.of(Decision.class);
  private final AvroSerde<RemediationCommand> commands = AvroSerde.of(RemediationCommand.class);
  private final AvroSerde<RemediationResult> results = AvroSerde.of(RemediationResult.class);
  private final AvroSerde<BreakerState> breakerStates = AvroSerde.of(BreakerState.class);
  private final AvroSerde<ExceptionRecord> exceptionRecords = AvroSerde.of(ExceptionRecord.class);

  private final List<Positioned<Decision>> decided = new ArrayList<>();
  private final Map<String, RemediationCommand> commandsById = new HashMap<>();
  private final Map<String, RemediationResult> resultsByCommand = new HashMap<>();
  private final List<BreakerState> breakerChanges = new ArrayList<>();
  private final ExceptionHistory exceptions = new ExceptionHistory();
  private final List<String> unreadable = new ArrayList<>();

  private record Positioned<T>(T value, String position) {
  }

  /** @param topics the names of the topics a report reads */
  public AuditTrail(Topics topics) {
    this.topics = topics;
  }

  /** Takes one record of decisions, commands held or not, results, breaker changes or exceptions. */
  public void add(AuditRecord record) {
    String topic = record.topic();
    try {
      if (topic.equals(topics.decisions())) {
        decided.add(new Positioned<>(decode(decisions, record), record.position()));
      } else if (topic.equals(topics.remediations())) {
        // A released command comes here after its held copy, whichever of the two a report reads first: it stands.
        RemediationCommand command = decode(commands, record);
        commandsById.put(command.getCommandId(), command);
      } else if (topic.equals(topics.remediationsHeld())) {
        RemediationCommand command = decode(commands, record);
        commandsById.putIfAbsent(command.getCommandId(), command);
      } else if (topic.equals(topics.remediationResults())) {
        // A command delivered twice is executed idempotently; its latest result is what stands.
        RemediationResult result = decode(results, record);
        resultsByCommand.put(result.getCommandId(), result);
      } else if (topic.equals(topics.breaker())) {
        if (record.value() != null) {
          breakerChanges.add(decode(breakerStates, record));
        }
      } else if (topic.equals(topics.exceptions())) {
        exceptions.add(record.key(), record.timestamp(),
            record.value() == null ? null : decode(exceptionRecords, record));
      } else {
        throw new IllegalArgumentException("not an audit topic: " + topic);
      }
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
      unreadable.add(record.position() + ": " + why);
    }
  }

  private static <T extends SpecificRecord> T decode(AvroSerde<T> serde, AuditRecord record) {
    T value = serde.deserializer().deserialize(record.topic(), record.value());
    if (value == null) {
      throw new SerializationException("empty record");
    }
    return value;
  }

  /** Every decision, in the order they were decided, with what followed it. */
  public List<AuditEntry> entries() {
    return decided.stream()
        .sorted(Comparator.comparing((Positioned<Decision> d) -> d.value().getDecidedAt())
            .thenComparing(Positioned::position))
        .map(this::joined)
        .toList();
  }

  private AuditEntry joined(Positioned<Decision> positioned) {
    Decision decision = positioned.value();
    Optional<RemediationCommand> command = Optional.ofNullable(decision.getCommandId()).map(commandsById::get);
    Optional<RemediationResult> result = Optional.ofNullable(decision.getCommandId()).map(resultsByCommand::get);
    AppliedException cited = decision.getException();
    Optional<ExceptionRecord> exception = cited == null ? Optional.empty()
        : exceptions.asOf(cited.getScopeKey(), decision.getDecidedAt());
    return new AuditEntry(decision, positioned.position(), command, result, exception);
  }

  public List<BreakerState> breakerChanges() {
    return List.copyOf(breakerChanges);
  }

  public ExceptionHistory exceptions() {
    return exceptions;
  }

  /** Records that could not be decoded: where each is and why. */
  public List<String> unreadable() {
    return List.copyOf(unreadable);
  }
}
