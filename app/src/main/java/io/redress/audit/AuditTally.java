package io.redress.audit;

import io.redress.contract.Decision;
import io.redress.contract.Outcome;

/** Counts of what the audit trail has shown so far, so a caller can wait until everything it fed has a record. */
public final class AuditTally {

  private int decisions;
  private int commands;
  private int deadLetters;
  private int results;

  synchronized void decided(Decision decision) {
    decisions++;
    // A held command (by the breaker or awaiting approval) has no result until a person releases it.
    if (decision.getCommandId() != null && decision.getOutcome() != Outcome.HELD) {
      commands++;
    }
    notifyAll();
  }

  synchronized void deadLettered() {
    deadLetters++;
    notifyAll();
  }

  synchronized void resulted() {
    results++;
    notifyAll();
  }

  /**
   * Waits until at least the given numbers of decisions and dead letters were seen and every admitted command has
   * its result.
   */
  public synchronized boolean await(int expectedDecisions, int expectedDeadLetters, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (decisions < expectedDecisions || deadLetters < expectedDeadLetters || results < commands) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  @Override
  public synchronized String toString() {
    return decisions + " decision(s), " + results + " remediation result(s), " + deadLetters + " dead letter(s)";
  }
}
