package io.redress.http.console;

import io.redress.contract.BreakerState;
import io.redress.contract.Decision;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.HeldResolution;
import io.redress.contract.RemediationCommand;
import java.util.Comparator;
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
 * kept only up to a fixed number of the latest. The topics are read partition by partition, so every list is ordered
 * by the time its records carry, not by the order they were read in.
 */
final class LiveState {

  static final int RECENT_RESOLUTIONS = 50;

  /** By when the decision issued each command; those issued at the same moment stay as read (the sort is stable). */
  private static final Comparator<RemediationCommand> IN_THE_ORDER_HELD =
      Comparator.comparing(RemediationCommand::getIssuedAt);

  private final Map<String, BreakerState> breakers = new TreeMap<>();
  private final Map<String, RemediationCommand> pending = new LinkedHashMap<>();
  private final Set<String> resolved = new HashSet<>();
  private final Newest<HeldResolution> resolutions = new Newest<>(RECENT_RESOLUTIONS, HeldResolution::getAt);
  private final Map<String, ExceptionRecord> exceptions = new TreeMap<>();
  private final Newest<Decision> decisions;

  LiveState(int recentDecisions) {
    this.decisions = new Newest<>(recentDecisions, Decision::getDecidedAt);
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
      resolutions.add(resolution);
    }
  }

  /**
   * A resolution this version cannot decode: the command may have been discarded or released already, so it is not
   * offered for a decision again (releases leave it alone too).
   */
  synchronized void unreadableResolution(String commandId) {
    if (resolved.add(commandId)) {
      pending.remove(commandId);
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
    decisions.add(decision);
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
    return pending.values().stream().filter(which).sorted(IN_THE_ORDER_HELD).toList();
  }

  /** The latest resolutions, newest first. */
  synchronized List<HeldResolution> resolutions() {
    return resolutions.matching(resolution -> true);
  }

  synchronized Map<String, ExceptionRecord> exceptions() {
    return new TreeMap<>(exceptions);
  }

  /** The latest decisions that match, newest first. */
  synchronized List<Decision> decisions(Predicate<Decision> which) {
    return decisions.matching(which);
  }
}
