package io.redress.http.console;

import io.redress.contract.Resolution;
import io.redress.exceptions.ExceptionRequest;
import io.redress.operations.HeldCommands;
import io.redress.operations.HeldCommands.Selection;
import java.util.Optional;

/**
 * What the console changes, and how it knows its view has caught up. On Kafka these are the very operations the
 * command line runs ({@link KafkaConsoleOperations}); the console's own tests put a stand-in here to check the
 * pages and their guards without a broker.
 */
interface ConsoleOperations {

  /** Releases or discards held commands, each once however often it is asked (see {@link HeldCommands}). */
  HeldCommands.Outcome resolve(Selection selection, Resolution resolution, String by, Optional<String> reason);

  /** Publishes the exception, replacing one of the same scope; true when one was replaced. */
  boolean publish(ExceptionRequest request, String by);

  /** Revokes the exception published under the scope key; false when none is. */
  boolean revoke(String key);

  /** Whether the console's view has read the topics once to their end. */
  boolean ready();

  /** Waits briefly until the view shows what was just committed. */
  void awaitVisible();
}
