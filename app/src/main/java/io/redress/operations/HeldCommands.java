package io.redress.operations;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.HeldResolution;
import io.redress.contract.RemediationCommand;
import io.redress.contract.Resolution;
import io.redress.decision.Approvals;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.RecordKeys;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Releases held commands to the executors, or discards them, once per command however often it is asked.
 *
 * <p>Each released command goes to the commands topic (the executor checks exceptions again before it acts) and
 * its resolution to the compacted ledger, keyed by command id, in one transaction; a command with a resolution is
 * never released again, nor one whose resolution this version cannot read. Runs fence each other (see {@link OperatorTransaction}) and read the ledger only after
 * fencing, so two releases at the same moment cannot both send the same command.
 */
public final class HeldCommands {

  private static final Pattern SCOPE = Pattern.compile("global|account:\\d{12}|control:[A-Za-z][A-Za-z0-9]*\\.\\d+");
  private static final Pattern CONTROL = Pattern.compile("[A-Za-z][A-Za-z0-9]*\\.\\d+");
  private static final Serializer<RemediationCommand> COMMANDS = AvroSerde.of(RemediationCommand.class).serializer();
  private static final Serializer<HeldResolution> RESOLUTIONS = AvroSerde.of(HeldResolution.class).serializer();

  private HeldCommands() {
  }

  /**
   * Which held commands an operation is about: all those a breaker scope or an approval held, or one by its id,
   * among the commands held for the one reason {@code holds}; and, when a person decided on all of a scope, what they
   * saw of it ({@link Seen}). A selection never spans both reasons, so that releasing a breaker's hold can never
   * approve a command and approving can never release what the breaker held.
   */
  public record Selection(Optional<String> scope, Optional<String> commandId, Holds holds, Optional<Seen> seen) {

    /** Why commands were held: by the breaker, or awaiting approval ({@link Approvals}). */
    public enum Holds {
      BREAKER, APPROVAL;

      static Holds of(String heldBy) {
        return Approvals.isApproval(heldBy) ? APPROVAL : BREAKER;
      }

      boolean covers(String heldBy) {
        return this == of(heldBy);
      }

      /**
       * The refusal of a decision meant for commands held for the other reason: what holds them, and the command that
       * decides them ({@code which} of them, e.g. "--command ID").
       */
      InvalidInput refusal(String what, String heldBy, String which) {
        return new InvalidInput(what + (this == APPROVAL
            ? " awaits approval, which releasing or discarding does not decide: ./redress approvals approve|deny "
            : " was held by the breaker (" + heldBy + "), not for approval: ./redress breaker release|discard ")
            + which + ". Nothing was decided.");
      }
    }

    public Selection(Optional<String> scope, Optional<String> commandId, Holds holds) {
      this(scope, commandId, holds, Optional.empty());
    }

    /** @param scope a breaker scope; never an approval ({@code approval:<control>}), which approvals decide */
    public static Selection scope(String scope) {
      Optional<String> control = Approvals.control(scope);
      if (control.isPresent()) {
        throw Holds.APPROVAL.refusal("scope: '" + scope + "' is not a breaker scope: what it holds", scope,
            "--control " + control.get());
      }
      if (scope == null || !SCOPE.matcher(scope).matches()) {
        throw new InvalidInput("scope: '" + scope + "' is not a breaker scope; one of global, account:<12-digit id>,"
            + " control:<control id such as S3.8>");
      }
      return new Selection(Optional.of(scope), Optional.empty(), Holds.BREAKER);
    }

    /** Every command awaiting approval for {@code control}. */
    public static Selection approval(String control) {
      if (control == null || !CONTROL.matcher(control).matches()) {
        throw new InvalidInput("control: '" + control + "' is not a control id (expected something like S3.8)");
      }
      return new Selection(Optional.of(Approvals.of(control)), Optional.empty(), Holds.APPROVAL);
    }

    /** Every command held for one reason: {@code all(BREAKER)} leaves the approvals alone. */
    public static Selection all(Holds holds) {
      return new Selection(Optional.empty(), Optional.empty(), holds);
    }

    /** One command by its id, if it was held for a reason of {@code holds}. */
    public static Selection command(String commandId, Holds holds) {
      if (commandId == null || commandId.isBlank()) {
        throw new InvalidInput("command: empty command id");
      }
      return new Selection(Optional.empty(), Optional.of(commandId.strip()), holds);
    }

    /** The same selection, decided on by someone who was shown exactly {@code commandIds} of it. */
    public Selection asShown(Collection<String> commandIds) {
      return new Selection(scope, commandId, holds, Optional.of(new Shown(Set.copyOf(commandIds))));
    }

    /** The same selection, decided on by someone who was told it held {@code count} pending commands. */
    public Selection expecting(int count) {
      return new Selection(scope, commandId, holds, Optional.of(new Expected(count)));
    }

    public boolean includes(RemediationCommand command) {
      // Control ids have no case anywhere else in Redress (modes, exceptions): control:s3.8 is control:S3.8.
      return scope.map(name -> name.equalsIgnoreCase(command.getHeldBy())).orElse(true)
          && commandId.map(id -> id.equals(command.getCommandId())).orElse(true)
          && holds.covers(command.getHeldBy());
    }

    @Override
    public String toString() {
      return scope.map(name -> "held by " + name)
          .or(() -> commandId.map(id -> "command " + id))
          .orElse(switch (holds) {
            case BREAKER -> "every command the breaker held";
            case APPROVAL -> "every command awaiting approval";
          });
    }
  }

  /**
   * What a person saw of a selection before deciding on all of it: the decision stands only while the selection
   * holds nothing they did not see. Between seeing and deciding the breaker may hold many more (it opens in a flood,
   * which goes on), and releasing those unseen would be the very mass change the breaker exists to stop.
   */
  public sealed interface Seen permits Shown, Expected {

    /**
     * @param pending what the selection holds now, unresolved
     * @throws InvalidInput when the selection holds more than was seen, so that nothing is decided on commands
     *     nobody saw
     */
    void confirm(List<RemediationCommand> pending);
  }

  /**
   * The pending commands a page showed a person who then chose "release all" or "discard all". Ids rather than a
   * count, so that a newcomer in place of a command decided meanwhile is caught too.
   */
  public record Shown(Set<String> commandIds) implements Seen {

    public Shown {
      if (commandIds.isEmpty()) {
        throw new InvalidInput("shown: no command; a decision on all of a scope names the commands it was shown");
      }
      commandIds = Set.copyOf(commandIds);
    }

    @Override
    public void confirm(List<RemediationCommand> pending) {
      long unseen = pending.stream().filter(command -> !commandIds.contains(command.getCommandId())).count();
      if (unseen > 0) {
        throw new InvalidInput(unseen + " more command" + (unseen == 1 ? " was" : "s were")
            + " held since this page was shown; review them first. Nothing was released or discarded.");
      }
    }
  }

  /**
   * How many pending commands a person was told a selection held ({@code ./redress breaker status}) before they
   * decided on all of it from the command line, which shows counts, not ids. The decision stands when the selection
   * holds exactly that many, or none (all decided already, so repeating a release does nothing and says so). Fewer
   * is refused too: some were decided meanwhile, and newcomers may have taken their place.
   */
  public record Expected(int count) implements Seen {

    public Expected {
      if (count < 0) {
        throw new InvalidInput("expect: " + count + " is not a number of commands");
      }
    }

    @Override
    public void confirm(List<RemediationCommand> pending) {
      if (!pending.isEmpty() && pending.size() != count) {
        throw new InvalidInput("expect: " + pending.size() + " command" + (pending.size() == 1 ? " is" : "s are")
            + " held now, not the " + count + " expected; review them (./redress breaker status, or ./redress"
            + " approvals list for approvals) before deciding on all of them. Nothing was decided.");
      }
    }
  }

  /**
   * @param resolved the commands this run released or discarded
   * @param earlier resolutions already recorded for selected commands, which this run left alone
   * @param unreadable selected commands whose recorded resolution this version cannot decode, left alone too: they
   *     may have been discarded or released already
   */
  public record Outcome(List<RemediationCommand> resolved, List<HeldResolution> earlier, List<String> unreadable) {
  }

  /**
   * @throws InvalidInput when a command id is selected that was never held for the selection's reason (naming what
   *     decides it when it was held for the other), or when the selection holds commands beyond those a person saw
   */
  public static Outcome resolve(KafkaSettings kafka, Selection selection, Resolution resolution, String by,
      Optional<String> reason, Instant now) {
    if (by == null || by.isBlank()) {
      throw new InvalidInput("by: required; who " + resolution.name().toLowerCase(Locale.ROOT) + " the commands");
    }
    String who = by.strip();
    try (OperatorTransaction transaction = OperatorTransaction.open(kafka, "held-commands")) {
      HeldQueue queue = HeldQueue.read(kafka);
      List<RemediationCommand> selected = queue.held().values().stream().filter(selection::includes).toList();
      if (selected.isEmpty() && selection.commandId().isPresent()) {
        throw notHeld(queue, selection.commandId().get(), selection.holds());
      }
      List<RemediationCommand> pending = selected.stream()
          .filter(command -> !queue.decided(command.getCommandId())).toList();
      selection.seen().ifPresent(seen -> seen.confirm(pending));
      for (RemediationCommand command : pending) {
        if (resolution == Resolution.RELEASED) {
          RemediationCommand released = RemediationCommand.newBuilder(command).setHeldBy(null).setReleasedBy(who).build();
          transaction.send(kafka.topics().remediations(), RecordKeys.resource(command.getResource()),
              COMMANDS.serialize(kafka.topics().remediations(), released));
        }
        HeldResolution record = HeldResolution.newBuilder()
            .setCommandId(command.getCommandId()).setResolution(resolution).setBy(who).setAt(now)
            .setHeldBy(command.getHeldBy()).setReason(reason.orElse(null)).build();
        transaction.send(kafka.topics().heldResolutions(), command.getCommandId(),
            RESOLUTIONS.serialize(kafka.topics().heldResolutions(), record));
      }
      transaction.commit();
      List<HeldResolution> earlier = selected.stream()
          .map(command -> queue.resolutions().get(command.getCommandId())).filter(r -> r != null).toList();
      List<String> unreadable = selected.stream().map(RemediationCommand::getCommandId)
          .filter(queue.unreadableResolutions()::contains).toList();
      return new Outcome(pending, earlier, unreadable);
    }
  }

  /** Why no command {@code commandId} held for the reason {@code holds} was found, and where to go instead. */
  private static InvalidInput notHeld(HeldQueue queue, String commandId, Selection.Holds holds) {
    RemediationCommand heldOtherwise = queue.held().get(commandId);
    if (heldOtherwise != null) {
      String heldBy = heldOtherwise.getHeldBy();
      return Selection.Holds.of(heldBy).refusal("command: '" + commandId + "'", heldBy, "--command " + commandId);
    }
    return new InvalidInput("command: " + (holds == Selection.Holds.APPROVAL ? "no command awaits approval"
        : "the breaker holds no command") + " with id '" + commandId + "'");
  }
}
