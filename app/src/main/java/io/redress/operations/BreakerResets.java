package io.redress.operations;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.config.Topics;
import io.redress.contract.BreakerReset;
import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import io.redress.kafka.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Closes an open breaker scope at a person's request. The breaker's state lives in the decision topology's task, so
 * the request is a record on {@link Topics#breakerCommands()} that the breaker applies; this waits a while for the
 * closed state to appear on the breaker topic, so that the person sees it done.
 */
public final class BreakerResets {

  private static final Pattern SCOPE = Pattern.compile("global|account:\\d{12}|control:[A-Za-z][A-Za-z0-9]*\\.\\d+");
  private static final Serializer<BreakerReset> RESETS = AvroSerde.of(BreakerReset.class).serializer();
  private static final Deserializer<BreakerState> STATES = AvroSerde.of(BreakerState.class).deserializer();
  private static final Duration POLL = Duration.ofMillis(250);

  private BreakerResets() {
  }

  /** What came of a reset. */
  public sealed interface Outcome {
    /** The scope was not open: nothing was sent. */
    record NotOpen(String scope, Optional<BreakerState> state) implements Outcome {
    }

    /** The breaker closed the scope. */
    record Closed(BreakerState state) implements Outcome {
    }

    /** Sent, but no closed state appeared within the wait: no streams role is reading, or it is behind. */
    record Sent(String scope) implements Outcome {
    }
  }

  /** The latest state of every breaker scope that ever changed, by scope, and the scopes whose state is unreadable. */
  public static TopicScan.Latest<BreakerState> states(KafkaSettings kafka) {
    return TopicScan.latestByKey(kafka, kafka.topics().breaker(), STATES);
  }

  /**
   * A reset as a person asked for it, checked before anything is read or sent.
   *
   * @throws InvalidInput for a malformed scope, or without who or why
   */
  public static BreakerReset request(String scope, String by, String reason) {
    if (scope == null || !SCOPE.matcher(scope).matches()) {
      throw new InvalidInput("scope: '" + scope + "' is not a breaker scope; one of global, account:<12-digit id>,"
          + " control:<control id such as S3.8>");
    }
    if (by == null || by.isBlank()) {
      throw new InvalidInput("by: required; who resets the breaker");
    }
    if (reason == null || reason.isBlank()) {
      throw new InvalidInput("reason: required; why the breaker may act again, recorded on its state");
    }
    return new BreakerReset(scope, by.strip(), reason.strip());
  }

  /**
   * Sends the reset if its scope is open, then waits up to {@code wait} for the breaker to close it. The scope is
   * sent as the breaker names it ({@link #named}), since the breaker looks its state up by that exact name.
   */
  public static Outcome reset(KafkaSettings kafka, BreakerReset request, Duration wait) {
    Map<String, BreakerState> states = states(kafka).values();
    String scope = named(states.keySet(), request.getScope());
    Optional<BreakerState> before = Optional.ofNullable(states.get(scope));
    if (before.filter(state -> state.getStatus() == BreakerStatus.OPEN).isEmpty()) {
      return new Outcome.NotOpen(scope, before);
    }
    BreakerReset named = new BreakerReset(scope, request.getBy(), request.getReason());
    try (OperatorTransaction transaction = OperatorTransaction.open(kafka, "breaker-reset")) {
      transaction.send(kafka.topics().breakerCommands(), scope, RESETS.serialize(kafka.topics().breakerCommands(), named));
      transaction.commit();
    }
    return awaitClosed(kafka, scope, Instant.now().plus(wait));
  }

  /**
   * The scope a person asked for, as the breaker names it among {@code known}: control ids are matched without case
   * everywhere else (exceptions, releases), so {@code control:s3.8} resets {@code control:S3.8}. A scope no state
   * names is returned as asked.
   *
   * @throws InvalidInput when the scope names none exactly and several differing only in case
   */
  static String named(Set<String> known, String asked) {
    if (known.contains(asked)) {
      return asked;
    }
    List<String> alike = known.stream().filter(asked::equalsIgnoreCase).sorted().toList();
    if (alike.size() > 1) {
      throw new InvalidInput("scope: '" + asked + "' names " + String.join(" and ", alike)
          + "; give the one to reset as the breaker status shows it");
    }
    return alike.isEmpty() ? asked : alike.get(0);
  }

  private static Outcome awaitClosed(KafkaSettings kafka, String scope, Instant deadline) {
    while (true) {
      BreakerState now = states(kafka).values().get(scope);
      // It was open when the reset was sent, so a closed state is news.
      if (now != null && now.getStatus() == BreakerStatus.CLOSED) {
        return new Outcome.Closed(now);
      }
      if (!Instant.now().isBefore(deadline)) {
        return new Outcome.Sent(scope);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome.Sent(scope);
      }
    }
  }
}
