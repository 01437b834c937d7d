package io.redress.operations;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.contract.HeldResolution;
import io.redress.contract.RemediationCommand;
import io.redress.decision.Approvals;
import io.redress.kafka.AvroSerde;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The commands the breaker held, and what people decided about them: the held topic (every command the breaker
 * parked, by command id, first copy kept) against the resolutions ledger (by command id). A held command without a
 * resolution is pending.
 */
public record HeldQueue(Map<String, RemediationCommand> held, Map<String, HeldResolution> resolutions) {

  private static final Deserializer<RemediationCommand> COMMANDS = AvroSerde.of(RemediationCommand.class).deserializer();
  private static final Deserializer<HeldResolution> RESOLUTIONS = AvroSerde.of(HeldResolution.class).deserializer();

  public static HeldQueue read(KafkaSettings kafka) {
    Map<String, HeldResolution> resolutions = TopicScan.latestByKey(kafka, kafka.topics().heldResolutions(),
        TopicScan.skippingUndecodable(RESOLUTIONS));
    Map<String, RemediationCommand> held = new LinkedHashMap<>();
    TopicScan.each(kafka, kafka.topics().remediationsHeld(), record -> {
      RemediationCommand command = record.value() == null ? null : TopicScan.skippingUndecodable(COMMANDS).apply(record.topic(), record.value());
      if (command != null) {
        held.putIfAbsent(command.getCommandId(), command);
      }
    });
    return new HeldQueue(held, resolutions);
  }

  public List<RemediationCommand> pending() {
    return held.values().stream().filter(command -> !resolutions.containsKey(command.getCommandId())).toList();
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
