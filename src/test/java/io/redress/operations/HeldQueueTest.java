package io.redress.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.HeldResolution;
import io.redress.contract.RemediationCommand;
import io.redress.contract.Resolution;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A held command is pending only while nothing is recorded about it, readable or not. */
class HeldQueueTest {

  @Test
  void aCommandWhoseResolutionCannotBeReadIsDecidedNotPending() {
    Map<String, RemediationCommand> held = new LinkedHashMap<>();
    held.put("c1", held("c1"));
    held.put("c2", held("c2"));
    held.put("c3", held("c3"));
    HeldResolution discarded = HeldResolution.newBuilder().setCommandId("c2").setResolution(Resolution.DISCARDED)
        .setBy("bob").setAt(Instant.EPOCH).setHeldBy("global").build();

    HeldQueue queue = new HeldQueue(held, Map.of("c2", discarded), Set.of("c1"), List.of());

    assertThat(queue.decided("c1")).isTrue();
    assertThat(queue.decided("c2")).isTrue();
    assertThat(queue.decided("c3")).isFalse();
    assertThat(queue.pending()).extracting(RemediationCommand::getCommandId).containsExactly("c3");
    assertThat(queue.pendingByScope()).containsExactly(Map.entry("global", 1));
  }

  @Test
  void pendingCommandsKeepTheOrderTheyWereHeldIn() {
    Map<String, RemediationCommand> held = new LinkedHashMap<>();
    List.of("c9", "c1", "c5", "c3", "c7", "c2").forEach(id -> held.put(id, held(id)));

    assertThat(new HeldQueue(held, Map.of(), Set.of(), List.of()).pending())
        .extracting(RemediationCommand::getCommandId).containsExactly("c9", "c1", "c5", "c3", "c7", "c2");
  }

  private static RemediationCommand held(String commandId) {
    return HeldRecords.held(commandId, "global");
  }
}
