package io.redress.http.console;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.Resolution;
import io.redress.exceptions.ExceptionRequest;
import io.redress.exceptions.ExceptionTopic;
import io.redress.operations.HeldCommands;
import io.redress.operations.HeldCommands.Selection;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The console's changes, made exactly as {@code ./redress breaker} and {@code ./redress exceptions} make them: the
 * same transactions, fencing the same concurrent runs, so a click and a command typed at the same moment cannot
 * release a command twice or lose an exception.
 */
final class KafkaConsoleOperations implements ConsoleOperations {

  private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(5);

  private final KafkaSettings kafka;
  private final ConsoleFeed feed;
  private final Clock clock;

  KafkaConsoleOperations(KafkaSettings kafka, ConsoleFeed feed, Clock clock) {
    this.kafka = kafka;
    this.feed = feed;
    this.clock = clock;
  }

  @Override
  public HeldCommands.Outcome resolve(Selection selection, Resolution resolution, String by, Optional<String> reason) {
    return HeldCommands.resolve(kafka, selection, resolution, by, reason, clock.instant());
  }

  @Override
  public boolean publish(ExceptionRequest request, String by) {
    return ExceptionTopic.put(kafka, request, by, clock.instant().truncatedTo(ChronoUnit.SECONDS));
  }

  @Override
  public boolean revoke(String key) {
    return !ExceptionTopic.revoke(kafka, key).isEmpty();
  }

  @Override
  public boolean ready() {
    return feed.ready();
  }

  @Override
  public void awaitVisible() {
    feed.awaitCaughtUp(VISIBLE_WITHIN);
  }
}
