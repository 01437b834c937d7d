package io.redress.chaos;

import java.util.ArrayList;
import java.util.List;

/** What happened to Redress during the run, as it happened: restarts, stalls, crashes, broker outages. */
final class ChaosEvents {

  /**
   * One relaunch of Redress and how long it took to get back to work.
   *
   * @param secondsToDecision from relaunch to the first decision it committed; null if none came in time
   */
  record Restart(String cause, int launch, Double secondsToRunning, Double secondsToDecision) {
  }

  /** Outputs stopped while inputs were still unaccounted for. */
  record Stall(String phase, String what, double seconds, long outstanding) {
  }

  /** The Redress process exited without being asked to. */
  record Crash(String phase, int launch, int exitCode, List<String> lastLines) {
  }

  /**
   * The broker was stopped and started again.
   *
   * @param secondsToDecision from the broker answering again to Redress's next committed decision; null if none
   *     came in time
   */
  record BrokerOutage(double secondsDown, Double secondsToDecision) {
  }

  private final List<Restart> restarts = new ArrayList<>();
  private final List<Stall> stalls = new ArrayList<>();
  private final List<Crash> crashes = new ArrayList<>();
  private final List<BrokerOutage> outages = new ArrayList<>();
  private volatile String phase = "start";

  void phase(String name) {
    phase = name;
  }

  String phase() {
    return phase;
  }

  synchronized void restart(Restart restart) {
    restarts.add(restart);
  }

  synchronized void stall(String what, double seconds, long outstanding) {
    stalls.add(new Stall(phase, what, seconds, outstanding));
  }

  synchronized void crash(int launch, int exitCode, List<String> lastLines) {
    crashes.add(new Crash(phase, launch, exitCode, List.copyOf(lastLines)));
  }

  synchronized void outage(BrokerOutage outage) {
    outages.add(outage);
  }

  synchronized List<Restart> restarts() {
    return List.copyOf(restarts);
  }

  synchronized List<Stall> stalls() {
    return List.copyOf(stalls);
  }

  synchronized List<Crash> crashes() {
    return List.copyOf(crashes);
  }

  synchronized List<BrokerOutage> outages() {
    return List.copyOf(outages);
  }
}
