package io.redress.cli;

/**
 * How one role of a running node is doing, for a health check: {@code RUNNING}, {@code RESTARTING} after a
 * failure, {@code FAILED} once its restarts are used up (the process then stops), {@code STOPPED} after close.
 */
record RoleHealth(String role, State state, int failures, String lastFailure) {

  enum State { STARTING, RUNNING, RESTARTING, FAILED, STOPPED }

  boolean healthy() {
    return state == State.STARTING || state == State.RUNNING;
  }
}
