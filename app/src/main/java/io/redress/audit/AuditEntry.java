package io.redress.audit;

import io.redress.contract.Decision;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import java.util.Optional;

/**
 * One decision joined with what followed it: the command it issued (admitted to the executors, or held by the
 * breaker), the executor's result, and the exception it cited as that exception was recorded.
 *
 * @param position where the decision is stored ({@code topic-partition@offset})
 */
public record AuditEntry(Decision decision, String position, Optional<RemediationCommand> command,
    Optional<RemediationResult> result, Optional<ExceptionRecord> exception) {

  public boolean held() {
    return command.map(c -> c.getHeldBy() != null).orElse(false);
  }
}
