package io.redress.chaos;

import io.redress.chaos.ChaosEvents.BrokerOutage;
import io.redress.chaos.InputFeeder.Feed;
import io.redress.config.Topics;
import java.util.Map;
import java.util.Random;

/**
 * The three ways a run abuses Redress. Each phase sends its inputs, does its damage while Redress works through
 * them, and waits until they are all accounted for, so each phase's losses are its own.
 */
final class Phases {

  private final ChaosOptions options;
  private final Conductor conductor;
  private final InputFeeder feeder;
  private final ChaosEvents events;

  Phases(ChaosOptions options, Conductor conductor, InputFeeder feeder, ChaosEvents events) {
    this.options = options;
    this.conductor = conductor;
    this.feeder = feeder;
    this.events = events;
  }

  /**
   * Valid findings at a steady rate; Redress is killed with SIGKILL when a quarter, half, three quarters (for three
   * kills) of them are decided, so every kill interrupts work, and relaunched at once.
   *
   * @return false when Redress stalled
   */
  boolean kills() {
    events.phase("kills");
    int before = conductor.decisions();
    Feed feed = feeder.feed(Topics.UNPREFIXED.findingsRaw(),
        ValidFindings.sequence("kills", "k", options.findings()), options.rate());
    for (int kill = 1; kill <= options.kills(); kill++) {
      int at = options.findings() * kill / (options.kills() + 1);
      if (!conductor.awaitOutputs(() -> conductor.decisions() - before >= at, at + " decisions of the kill phase")
          || !conductor.killAndRelaunch("kill -9 #" + kill + " at " + at + " decisions")) {
        return false;
      }
    }
    conductor.awaitSent(feed, options.findings());
    return conductor.drain();
  }

  /**
   * Valid findings at a steady rate; when a third of them are decided the broker is stopped (SIGTERM), left down,
   * and started again on the same ports and data. Redress is frozen from just before the stop until the broker
   * answers again ({@link Conductor#freezeRedress()} says why), then left alone: it must find its way back by itself.
   */
  boolean brokerRestart(BrokerControl broker) {
    events.phase("broker");
    int before = conductor.decisions();
    Feed feed = feeder.feed(Topics.UNPREFIXED.findingsRaw(),
        ValidFindings.sequence("broker", "b", options.brokerFindings()), options.rate());
    int at = options.brokerFindings() / 3;
    if (!conductor.awaitOutputs(() -> conductor.decisions() - before >= at, at + " decisions of the broker phase")) {
      return false;
    }
    conductor.freezeRedress();
    long down = System.nanoTime();
    double secondsDown;
    Map<Integer, Long> committed;
    try {
      broker.stop();
      conductor.say("broker stopped (SIGTERM) at %d decisions of the phase, Redress frozen (SIGSTOP)",
          conductor.decisions() - before);
      Deadline.sleep(options.brokerDown());
      broker.start();
      secondsDown = Conductor.seconds(down);
      // Read while Redress is still frozen: every decision it committed before the outage lies before these offsets.
      committed = conductor.committedDecisionEnds();
    } finally {
      conductor.thawRedress();
    }
    long back = System.nanoTime();
    boolean decided = conductor.awaitDecisionPast(committed);
    Double recovery = decided ? Conductor.seconds(back) : null;
    events.outage(new BrokerOutage(secondsDown, recovery));
    conductor.say("broker answered again after %.1f s down, Redress goes on (SIGCONT); next decision %s", secondsDown,
        decided ? String.format("after %.1f s", recovery) : "never came");
    if (!decided) {
      events.stall("no decision within " + options.stall().toSeconds() + " s of the broker's restart",
          options.stall().toSeconds(), -1);
      return false;
    }
    conductor.awaitSent(feed, options.brokerFindings());
    return conductor.drain();
  }

  /** Hostile inputs with valid findings mixed in, in an order the seed fixes. */
  boolean fuzz() {
    events.phase("fuzz");
    Random random = new Random(options.seed());
    FuzzGenerator generator = new FuzzGenerator(random, options.hugeFieldLength(), options.nestingDepth());
    Feed feed = feeder.feed(Topics.UNPREFIXED.findingsRaw(),
        FuzzPlan.inputs(random, generator, options.fuzz(), options.fuzzValid()), options.rate());
    conductor.awaitSent(feed, options.fuzz() + options.fuzzValid());
    conductor.say("fuzz phase sent %d inputs", feed.sent());
    return conductor.drain();
  }
}
