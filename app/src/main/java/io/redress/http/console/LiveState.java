package io.redress.http.console;

import io.redress.contract.BreakerState;
import io.redress.contract.Decision;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.HeldResolution;
import io.redress.contract.RemediationCommand;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What the console shows, as the topics say it now: breaker state per scope, the held commands nobody has resolved
 * yet, the latest resolutions, the published exceptions and the latest decisions. Fed record by record by
 * {@link ConsoleFeed}; read by page requests on other threads, so every method is synchronized and every read
 * returns a copy.
 *
 * <p>Memory is bounded by what people act on, not by traffic: a held command leaves once it is resolved (only its
 * id stays, so that a held copy read after its resolution is not shown again), and decisions and resolutions are
 * kept only up to a fixed number of the latest.
 */
final class LiveState {

  static final int RECENT_RESOLUTIONS = 50;

  private final int recentDecisions;
  private final Map<String, BreakerState> breakers = new TreeMap<>();
  private final Map<String, RemediationCommand> pending = new LinkedHashMap<>();
  private final Set<String> resolved = new HashSet<>();
  private final Deque<HeldResolution> resolutions = new ArrayDeque<>();
  private final Map<String, ExceptionRecord> exceptions = new TreeMap<>();
  private final Deque<Decision> decisions = new ArrayDeque<>();

  LiveState(int recentDecisions) {
    this.recentDecisions = recentDecisions;
  }

  /** @param state null for a tombstone */
  synchronized void breaker(String scope, BreakerState state) {
    if (state == null) {
      breakers.remove(scope);
    } else {
      breakers.put(scope, state);
    }
  }

  /** A command the breaker (or an approval) held; a second copy of the same command is the same command. */
  synchronized void held(RemediationCommand command) {
    if (!resolved.contains(command.getCommandId())) {
      pending.putIfAbsent(command.getCommandId(), command);
    }
  }

  synchronized void resolution(HeldResolution resolution) {
    if (resolved.add(resolution.getCommandId())) {
      pending.remove(resolution.getCommandId());
      resolutions.addFirst(resolution);
      if (resolutions.size() > RECENT_RESOLUTIONS) {
        resolutions.removeLast();
      }
    }
  }

  /** @param exception null for a tombstone: revoked */
  synchronized void exception(String key, ExceptionRecord exception) {
    if (exception == null) {
      exceptions.remove(key);
    } else {
      exceptions.put(key, exception);
    }
  }

  synchronized void decision(Decision decision) {
    decisions.addFirst(decision);
    if (decisions.size() > recentDecisions) {
      decisions.removeLast();
    }
  }

  /** Forgets everything, before the feed reads the topics again from the start. */
  synchronized void clear() {
    breakers.clear();
    pending.clear();
    resolved.clear();
    resolutions.clear();
    exceptions.clear();
    decisions.clear();
  }

  synchronized Map<String, BreakerState> breakers() {
    return new TreeMap<>(breakers);
  }

  /** The held commands nobody released or discarded yet, in the order they were held. */
  synchronized List<RemediationCommand> pending(Predicate<RemediationCommand> which) {
    return pending.values().stream().filter(which).toList();
  }

  /** The latest resolutions, newest first. */
  synchronized List<HeldResolution> resolutions() {
    return new ArrayList<>(resolutions);
  }

  synchronized Map<String, ExceptionRecord> exceptions() {
    return new TreeMap<>(exceptions);
  }

  /** The latest decisions that match, newest first. */
  synchronized List<Decision> decisions(Predicate<Decision> which) {
    return decisions.stream().filter(which).toList();
  }
}
