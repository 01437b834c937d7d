package io.redress.operations;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.HeldResolution;
import io.redress.contract.RemediationCommand;
import io.redress.decision.Approvals;
import io.redress.kafka.AvroSerde;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The commands the breaker held, and what people decided about them: the held topic (every command the breaker
 * parked, by command id, first copy kept) against the resolutions ledger (by command id). A held command without a
 * resolution is pending. A command whose latest resolution this version cannot decode (written by a newer version,
 * or by hand) is not: it may have been discarded, or released already, so it is never released from here.
 *
 * @param unreadableResolutions the command ids whose latest resolution cannot be decoded
 * @param unreadableHeld where held records this version cannot decode lie ({@code topic-partition@offset}): commands
 *     the breaker held that only the version that wrote them can show, release or discard
 */
public record HeldQueue(Map<String, RemediationCommand> held, Map<String, HeldResolution> resolutions,
    Set<String> unreadableResolutions, List<String> unreadableHeld) {

  private static final Deserializer<RemediationCommand> COMMANDS = AvroSerde.of(RemediationCommand.class).deserializer();
  private static final Deserializer<HeldResolution> RESOLUTIONS = AvroSerde.of(HeldResolution.class).deserializer();

  public HeldQueue {
    held = Collections.unmodifiableMap(new LinkedHashMap<>(held));
    resolutions = Collections.unmodifiableMap(new LinkedHashMap<>(resolutions));
    unreadableResolutions = Set.copyOf(unreadableResolutions);
    unreadableHeld = List.copyOf(unreadableHeld);
  }

  public static HeldQueue read(KafkaSettings kafka) {
    TopicScan.Latest<HeldResolution> resolutions =
        TopicScan.latestByKey(kafka, kafka.topics().heldResolutions(), RESOLUTIONS);
    Map<String, RemediationCommand> held = new LinkedHashMap<>();
    List<String> unreadableHeld = new ArrayList<>();
    TopicScan.each(kafka, kafka.topics().remediationsHeld(), record -> {
      if (record.value() == null) {
        return;
      }
      try {
        RemediationCommand command = COMMANDS.deserialize(record.topic(), record.value());
        held.putIfAbsent(command.getCommandId(), command);
      } catch (SerializationException e) {
        unreadableHeld.add(record.topic() + "-" + record.partition() + "@" + record.offset());
      }
    });
    return new HeldQueue(held, resolutions.values(), resolutions.undecodable(), unreadableHeld);
  }

  /** Whether a person decided on the command, or may have: its resolution is recorded, readable or not. */
  public boolean decided(String commandId) {
    return resolutions.containsKey(commandId) || unreadableResolutions.contains(commandId);
  }

  public List<RemediationCommand> pending() {
    return held.values().stream().filter(command -> !decided(command.getCommandId())).toList();
  }

  /** Pending commands of controls in approval mode, waiting for a person to approve or deny them. */
  public List<RemediationCommand> pendingApprovals() {
    return pending().stream().filter(command -> Approvals.isApproval(command.getHeldBy())).toList();
  }

  /** Pending commands per breaker scope (or approval) that held them, by scope name. */
  public Map<String, Integer> pendingByScope() {
    Map<String, Integer> counts = new TreeMap<>();
    pending().forEach(command -> counts.merge(String.valueOf(command.getHeldBy()), 1, Integer::sum));
    return counts;
  }
}
