package io.redress.cli;

import io.redress.contract.ExceptionRecord;
import io.redress.exceptions.ExceptionChange;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The diff an exceptions sync shows: one line per change, then the totals. */
final class SyncReport {

  private SyncReport() {
  }

  static void print(PrintWriter out, List<ExceptionChange> changes, int requested, boolean dryRun) {
    int added = 0;
    int updated = 0;
    int revoked = 0;
    for (ExceptionChange change : changes) {
      if (change instanceof ExceptionChange.Add add) {
        added++;
        out.printf("+ %s: %s%n", Text.safe(add.key()), summary(add.published()));
      } else if (change instanceof ExceptionChange.Update update) {
        updated++;
        out.printf("~ %s: %s%n", Text.safe(update.key()), String.join("; ", differences(update)));
      } else if (change instanceof ExceptionChange.Revoke revoke) {
        revoked++;
        out.printf("- %s: was %s%n", Text.safe(revoke.key()), revoke.before() == null
            ? "a record this version cannot decode" : summary(revoke.before()));
      }
    }
    int unchanged = requested - added - updated;
    out.printf(dryRun ? "Dry run, nothing published: would add %d, change %d, revoke %d; %d unchanged.%n"
        : "Synced: added %d, changed %d, revoked %d; %d unchanged.%n", added, updated, revoked, unchanged);
  }

  private static String summary(ExceptionRecord exception) {
    return "approved by " + Text.safe(exception.getApprover()) + " until " + exception.getExpiresAt()
        + (exception.getTicket() == null ? "" : " (" + Text.safe(exception.getTicket()) + ")")
        + ", \"" + Text.cut(exception.getReason(), 80) + "\"";
  }

  private static List<String> differences(ExceptionChange.Update update) {
    ExceptionRecord before = update.before();
    ExceptionRecord after = update.published();
    List<String> differences = new ArrayList<>();
    if (!before.getExpiresAt().equals(after.getExpiresAt())) {
      differences.add("expires " + before.getExpiresAt() + " -> " + after.getExpiresAt());
    }
    if (!before.getApprover().equals(after.getApprover())) {
      differences.add("approver " + Text.safe(before.getApprover()) + " -> " + Text.safe(after.getApprover()));
    }
    if (!Objects.equals(before.getTicket(), after.getTicket())) {
      differences.add("ticket " + Text.safe(before.getTicket()) + " -> " + Text.safe(after.getTicket()));
    }
    if (!before.getReason().equals(after.getReason())) {
      differences.add("reason -> \"" + Text.cut(after.getReason(), 80) + "\"");
    }
    if (!before.getScope().equals(after.getScope())) {
      differences.add("scope fields corrected to match the key");
    }
    return differences;
  }
}
