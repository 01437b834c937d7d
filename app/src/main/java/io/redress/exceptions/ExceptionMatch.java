package io.redress.exceptions;

import io.redress.contract.AppliedException;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.Resource;
import io.redress.contract.Scope;
import io.redress.operations.Printable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which exceptions cover a resource and its controls at a moment: the one in force (the narrowest of the first
 * control that has one, if several) and those that would have matched but had expired. The rules live here once, for the topology's decision and the
 * executor's last look before it acts.
 */
public record ExceptionMatch(Optional<AppliedException> inForce, List<AppliedException> expired) {

  private static final Logger log = LoggerFactory.getLogger(ExceptionMatch.class);

  /**
   * @param exceptions the exceptions indexed ({@link ExceptionScope#indexKey}) under a matching key; an empty list
   *     when there are none
   * @param controls the finding's control, then any other whose exceptions cover it too
   *     ({@code RemediationCatalogue#exceptedWith})
   * @param at epoch milliseconds; an exception applies while its expiry is later than this
   */
  public static ExceptionMatch of(
      Function<String, List<ExceptionRecord>> exceptions, Resource resource, List<String> controls, long at) {
    List<AppliedException> expired = new ArrayList<>();
    // Narrowest first across the controls too: each control's keys in turn at each width, so an account-wide
    // exception is not cited for a finding that another control's exception names by its resource.
    List<List<String>> byControl = controls.stream().map(control -> ExceptionScope.candidateKeys(resource, control))
        .toList();
    Set<String> keys = new LinkedHashSet<>();
    for (int width = 0; width < byControl.get(0).size(); width++) {
      for (List<String> candidates : byControl) {
        keys.add(candidates.get(width));
      }
    }
    for (String key : keys) {
      for (ExceptionRecord exception : exceptions.apply(key)) {
        String ownKey = ExceptionScope.of(exception.getScope()).key();
        if (!ExceptionScope.matchingKey(ownKey).equals(key)) {
          continue;
        }
        // Cited as its publisher wrote it, whatever the case of the finding's control.
        AppliedException applied = applied(ownKey, exception);
        if (exception.getExpiresAt().toEpochMilli() > at) {
          return new ExceptionMatch(Optional.of(applied), List.copyOf(expired));
        }
        expired.add(applied);
      }
    }
    return new ExceptionMatch(Optional.empty(), List.copyOf(expired));
  }

  /**
   * Whether any of {@code exceptions} is scoped to a tag alone or to a tag and one of {@code controls}, and in force at
   * {@code at}: the scopes {@link ExceptionScope#candidateKeys} probes with a resource's tags.
   */
  public static boolean anyScopedToTag(Collection<ExceptionRecord> exceptions, List<String> controls, long at) {
    Set<String> covered = controls.stream().map(control -> control.toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
    return exceptions.stream().anyMatch(exception -> {
      Scope scope = exception.getScope();
      return scopedToTagAlone(scope)
          && (scope.getControl() == null || covered.contains(scope.getControl().toUpperCase(Locale.ROOT)))
          && exception.getExpiresAt().toEpochMilli() > at;
    });
  }

  /** A scope of a tag, perhaps with a control, and nothing else: it may cover a resource whose tags are unknown. */
  public static boolean scopedToTagAlone(Scope scope) {
    return scope.getTag() != null && scope.getAccount() == null && scope.getRegion() == null
        && scope.getResource() == null;
  }

  /**
   * Whether an exception published under {@code key} may be indexed for matching: only under the key of its own
   * scope. A record published under a key that does not describe its own scope would apply to findings its
   * approver never meant; refusing it is safer than guessing which of the two was intended.
   */
  public static boolean publishedUnderOwnScope(String key, ExceptionRecord exception) {
    String ownKey;
    try {
      ownKey = ExceptionScope.of(exception.getScope()).key();
    } catch (IllegalArgumentException e) {
      log.warn("ignoring exception published under '{}': {}", Printable.of(key), Printable.of(e.getMessage()));
      return false;
    }
    if (!ownKey.equals(key)) {
      log.warn("ignoring exception published under '{}' whose scope is '{}'", Printable.of(key), Printable.of(ownKey));
      return false;
    }
    return true;
  }

  /** How a decision or a result cites an exception. */
  public static String describe(AppliedException exception) {
    return "exception '" + exception.getScopeKey() + "' approved by " + exception.getApprover() + " until "
        + exception.getExpiresAt() + ": " + exception.getReason();
  }

  private static AppliedException applied(String key, ExceptionRecord exception) {
    return AppliedException.newBuilder()
        .setScopeKey(key)
        .setReason(exception.getReason())
        .setApprover(exception.getApprover())
        .setExpiresAt(exception.getExpiresAt())
        .setTicket(exception.getTicket())
        .build();
  }
}
