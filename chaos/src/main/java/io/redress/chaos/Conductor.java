package io.redress.chaos;

import io.redress.chaos.ChaosEvents.Restart;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Drives Redress through a run and notices what goes wrong: launches and relaunches it, waits for its outputs
 * (declaring a stall when they stop while work is outstanding), relaunches it after a crash, and says what happens.
 */
final class Conductor {

  private static final Duration STARTUP = Duration.ofSeconds(120);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
  /** Relaunches after crashes: enough to finish the run, not so many that a crash loop never ends. */
  private static final int CRASH_RELAUNCHES = 3;
  /** Long enough for markers already under way on a loaded machine; nothing else waits on the broker then. */
  private static final Duration BROKER_SETTLE = Duration.ofSeconds(1);

  private final ChaosOptions options;
  private final RedressProcess redress;
  private final KafkaClients kafka;
  private final InputLedger ledger;
  private final Observations observations;
  private final ChaosEvents events;
  private final PrintStream log;
  private final long startNanos;
  private int crashRelaunches;
  private long lastProgressLine;

  Conductor(ChaosOptions options, RedressProcess redress, KafkaClients kafka, InputLedger ledger,
      Observations observations, ChaosEvents events, PrintStream log, long startNanos) {
    this.options = options;
    this.redress = redress;
    this.kafka = kafka;
    this.ledger = ledger;
    this.observations = observations;
    this.events = events;
    this.log = log;
    this.startNanos = startNanos;
  }

  void launch() {
    int launch = redress.launch();
    if (!redress.awaitRunning(Deadline.in(STARTUP))) {
      throw new ChaosException("Redress (launch " + launch + ") did not say it was running within "
          + STARTUP.toSeconds() + " s; see " + options.workDir().resolve("redress-" + launch + ".out"));
    }
    observations.launched();
    say("Redress is running (launch %d)", launch);
  }

  /** SIGKILL, then a relaunch, measuring how long until Redress commits a decision again. */
  boolean killAndRelaunch(String cause) {
    redress.kill();
    // Read once the old process is gone: everything it committed lies before these offsets.
    Map<Integer, Long> committed = kafka.committedDecisionEnds();
    long relaunched = System.nanoTime();
    int launch = redress.launch();
    Double running = redress.awaitRunning(Deadline.in(options.stall())) ? seconds(relaunched) : null;
    boolean decided = awaitDecisionPast(committed);
    Double toDecision = decided ? seconds(relaunched) : null;
    events.restart(new Restart(cause, launch, running, toDecision));
    if (!decided) {
      events.stall("no decision within " + options.stall().toSeconds() + " s of the relaunch after " + cause,
          options.stall().toSeconds(), -1);
    }
    say("%s; relaunched (launch %d): running after %s, next decision after %s", cause, launch, describe(running),
        describe(toDecision));
    return decided;
  }

  /**
   * SIGSTOP, then a pause for the broker to finish what Redress already asked of it: an end of transaction that
   * reached it just before the freeze gets its markers written within milliseconds on loopback.
   *
   * <p>Why the broker phase freezes Redress: a one-node broker that ends a transaction during its own controlled
   * shutdown finds every partition leaderless, skips the markers as if the partitions were deleted, and can still
   * record the transaction as complete; the partitions then stay closed to read_committed readers for good (see
   * {@link OpenTransactions}). That is Kafka's, no client can undo it, and a cluster of several brokers moves the
   * leaders instead. Frozen, Redress ends no transaction while the broker stops; its open ones, its unsent records
   * and its connections still meet a broker that went away.
   */
  void freezeRedress() {
    redress.pause();
    Deadline.sleep(BROKER_SETTLE);
  }

  /** SIGCONT after {@link #freezeRedress()}. */
  void thawRedress() {
    redress.resume();
  }

  /** Waits until Redress commits a decision past {@code committed}; false after a stall's worth of waiting. */
  boolean awaitDecisionPast(Map<Integer, Long> committed) {
    Deadline deadline = Deadline.in(options.stall());
    while (!observations.decisionAtOrPast(committed)) {
      if (deadline.passed() || redress.crashed()) {
        return false;
      }
      Deadline.sleep(Duration.ofMillis(50));
    }
    return true;
  }

  /**
   * Waits for {@code condition}, which Redress's outputs must bring about, relaunching Redress if it crashes.
   *
   * @return false, with a stall recorded, when outputs stopped for the stall time first
   */
  boolean awaitOutputs(BooleanSupplier condition, String what) {
    while (!condition.getAsBoolean()) {
      relaunchIfCrashed();
      double quiet = observations.nanosSinceLastOutput() / 1e9;
      if (quiet > options.stall().toSeconds()) {
        events.stall(String.format("no output for %.0f s while waiting for %s", quiet, what), quiet, -1);
        say("STALL: no output for %.0f s while waiting for %s", quiet, what);
        sayOpenTransactions();
        return false;
      }
      progress("waiting for %s", what);
      Deadline.sleep(Duration.ofMillis(20));
    }
    return true;
  }

  /** Waits until the feed has sent everything (which needs the broker, not Redress), relaunching a crashed Redress. */
  void awaitSent(InputFeeder.Feed feed, int count) {
    Deadline deadline = Deadline.in(Duration.ofSeconds((long) Math.ceil(count / options.rate()) + 300));
    while (!feed.finished()) {
      deadline.check("the " + events.phase() + " phase to send its " + count + " inputs");
      relaunchIfCrashed();
      progress("%s phase: %d of %d inputs sent", events.phase(), feed.sent(), count);
      Deadline.sleep(Duration.ofMillis(50));
    }
    feed.requireNoFailure();
  }

  /**
   * Waits until every input sent so far has an output and every command a result.
   *
   * @return false, with a stall recorded, when outputs stopped for the stall time or the drain timeout passed
   */
  boolean drain() {
    Deadline deadline = Deadline.in(options.drainTimeout());
    while (true) {
      relaunchIfCrashed();
      long outstanding = observations.snapshot().outstanding(ledger.accepted());
      if (outstanding == 0) {
        say("%s phase: every input accounted for", events.phase());
        return true;
      }
      double quiet = observations.nanosSinceLastOutput() / 1e9;
      if (quiet > options.stall().toSeconds()) {
        events.stall(String.format("no output for %.0f s while %d inputs or commands were unaccounted for", quiet,
            outstanding), quiet, outstanding);
        say("STALL: no output for %.0f s, %d inputs or commands unaccounted for", quiet, outstanding);
        sayOpenTransactions();
        return false;
      }
      if (deadline.passed()) {
        events.stall("still " + outstanding + " inputs or commands unaccounted for after "
            + options.drainTimeout().toSeconds() + " s of draining", options.drainTimeout().toSeconds(), outstanding);
        sayOpenTransactions();
        return false;
      }
      progress("%s phase: %d inputs or commands not yet accounted for", events.phase(), outstanding);
      Deadline.sleep(Duration.ofSeconds(1));
    }
  }

  Map<Integer, Long> committedDecisionEnds() {
    return kafka.committedDecisionEnds();
  }

  int decisions() {
    return observations.decisionCount();
  }

  /** Also where every wait notices that the harness can no longer see Redress's outputs. */
  private void relaunchIfCrashed() {
    kafka.watcher().requireReading();
    if (redress.crashed() && crashRelaunches < CRASH_RELAUNCHES) {
      crashRelaunches++;
      say("Redress exited by itself; relaunching (%d of at most %d)", crashRelaunches, CRASH_RELAUNCHES);
      try {
        launch();
      } catch (ChaosException notRunning) {
        // The crash is recorded; the wait under way will see no output and call it a stall.
        say("%s", notRunning.getMessage());
      }
    }
  }

  private void progress(String format, Object... args) {
    long now = System.nanoTime();
    if (now - lastProgressLine > PROGRESS_EVERY.toNanos()) {
      lastProgressLine = now;
      say(format + " (read so far: %d decisions, %d dead letters, %d results)",
          Stream.concat(Stream.of(args), Stream.of(observations.decisionCount(), observations.deadLetterCount(),
              observations.resultCount())).toArray());
    }
  }

  /**
   * After a stall, whatever open transaction holds back a topic's readers: the broker can leave one behind that no
   * Redress change can move (see {@link OpenTransactions}), and a stall report that names it saves a hunt.
   */
  private void sayOpenTransactions() {
    try {
      List<String> open = OpenTransactions.holdingBack(kafka.admin());
      say("open transactions holding back readers: %s", open.isEmpty() ? "none" : open.size());
      open.forEach(line -> say("  %s", line));
    } catch (RuntimeException e) {
      say("open transactions could not be read: %s", e);
    }
  }

  void say(String format, Object... args) {
    log.printf("[chaos %6.1f s] %s%n", seconds(startNanos), String.format(format, args));
  }

  private static String describe(Double seconds) {
    return seconds == null ? "never" : String.format("%.1f s", seconds);
  }

  static double seconds(long sinceNanos) {
    return Math.round((System.nanoTime() - sinceNanos) / 1e8) / 10.0;
  }
}
