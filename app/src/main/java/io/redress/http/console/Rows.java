package io.redress.http.console;

import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import io.redress.contract.Decision;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.HeldResolution;
import io.redress.contract.RemediationCommand;
import io.redress.operations.Printable;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * What each table row of the console shows, as plain text: every value that came from a finding, a command or a
 * person is cut to a readable length with its control characters made visible ({@link Printable}); the templates
 * then escape it for HTML. Nothing here is HTML.
 */
final class Rows {

  private static final int SHORT = 200;
  private static final int LONG = 600;

  private Rows() {
  }

  /**
   * @param shown the ids of the held commands counted in {@code pending}, as they are, for the forms (escaped
   *     there): "release all" means these, not whatever is held when the click arrives
   */
  public record BreakerRow(String scope, String status, boolean open, String count, String since, String closes,
      int pending, List<String> shown) {
  }

  /** @param id the command id as it is, for the forms (escaped there); {@code commandId} is the one to read */
  public record HeldRow(String id, String commandId, String control, String action, String resource, String account, String region,
      String heldBy, String issuedAt, boolean dryRun) {
  }

  public record ResolutionRow(String commandId, String resolution, String by, String at, String heldBy, String reason) {
  }

  /** @param scope the scope key as it is, for the revoke form (escaped there); {@code key} is the one to read */
  public record ExceptionRow(String scope, String key, String timeLeft, boolean expired, String expiresAt, String approver,
      String reason, String ticket, String createdBy, String createdAt) {
  }

  /** @param from the emitter that detected the finding, and the source that delivered it when one is named */
  public record DecisionRow(String decidedAt, String outcome, String control, String account, String resource,
      String from, String reason, String commandId, String breakerScope, String exception) {
  }

  static BreakerRow breaker(String scope, BreakerState state, List<String> held, Instant now) {
    if (state == null) {
      return new BreakerRow(text(scope), "CLOSED", false, "-", "-", "-", held.size(), held);
    }
    boolean open = state.getStatus() == BreakerStatus.OPEN;
    String closes = "-";
    if (open && state.getReopensAt() != null) {
      closes = now.isBefore(state.getReopensAt()) ? time(state.getReopensAt()) + " (in "
          + span(Duration.between(now, state.getReopensAt())) + ")" : "at the next command (cool-down passed)";
    }
    return new BreakerRow(text(scope), state.getStatus().name(), open, state.getCount() + "/" + state.getThreshold(),
        time(open && state.getOpenedAt() != null ? state.getOpenedAt() : state.getUpdatedAt()), closes, held.size(),
        held);
  }

  static HeldRow held(RemediationCommand command) {
    return new HeldRow(command.getCommandId(), text(command.getCommandId()), text(command.getControl()), text(command.getAction()),
        cut(command.getResource().getId(), LONG), text(command.getResource().getAccount()),
        text(command.getResource().getRegion()), text(command.getHeldBy()), time(command.getIssuedAt()),
        command.getDryRun());
  }

  static ResolutionRow resolution(HeldResolution resolution) {
    return new ResolutionRow(text(resolution.getCommandId()),
        resolution.getResolution().name().toLowerCase(Locale.ROOT), text(resolution.getBy()),
        time(resolution.getAt()), text(resolution.getHeldBy()), cut(resolution.getReason(), LONG));
  }

  static ExceptionRow exception(String key, ExceptionRecord exception, Instant now) {
    Instant expires = exception.getExpiresAt();
    boolean expired = !now.isBefore(expires);
    String left = expired ? "expired " + span(Duration.between(expires, now)) + " ago"
        : span(Duration.between(now, expires));
    return new ExceptionRow(key, cut(key, LONG), left, expired, time(expires), text(exception.getApprover()),
        cut(exception.getReason(), LONG), text(exception.getTicket()), text(exception.getCreatedBy()),
        time(exception.getCreatedAt()));
  }

  static DecisionRow decision(Decision decision) {
    var finding = decision.getFinding();
    return new DecisionRow(time(decision.getDecidedAt()), decision.getOutcome().name(), text(finding.getControl()),
        text(finding.getResource().getAccount()), cut(finding.getResource().getId(), LONG),
        text(finding.getSource().name() + (finding.getSender() == null ? "" : " via " + finding.getSender())),
        cut(decision.getReason(), LONG), text(decision.getCommandId()), text(decision.getBreakerScope()),
        decision.getException() == null ? "" : cut(decision.getException().getScopeKey(), LONG));
  }

  static String text(String value) {
    return cut(value, SHORT);
  }

  private static String cut(String value, int max) {
    return Printable.cut(value, max);
  }

  static String time(Instant instant) {
    return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String span(Duration duration) {
    if (duration.toDays() > 0) {
      return duration.toDays() + "d " + duration.toHoursPart() + "h";
    }
    if (duration.toHours() > 0) {
      return duration.toHours() + "h " + duration.toMinutesPart() + "m";
    }
    return Math.max(duration.toMinutes(), 0) + "m";
  }
}
