package io.redress.kafka;

import java.nio.file.Path;
import java.util.Map;

/**
 * Static group membership for every consumer group a Redress instance joins. An instance restarted under the same
 * id takes its partitions back at once; without one, after a crash the group waits out the dead member's session
 * (45 s by default) before anyone reads its partitions again. Measured, that wait, not restoring state, was nearly
 * all of a restart of the topology, and it held every command back from the executor for as long.
 */
public final class GroupMembership {

  private GroupMembership() {
  }

  /**
   * The pod name on Kubernetes; elsewhere this host and the instance's data directory, which only one running
   * instance can hold at a time, so two instances on one host never fence each other.
   */
  public static String instanceId(Map<String, String> environment, Path dataDir) {
    String pod = environment.get("POD_NAME");
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    String host = environment.getOrDefault("HOSTNAME", "localhost");
    String directory = dataDir.toAbsolutePath().normalize().toString();
    return host + "-" + Integer.toHexString(directory.hashCode());
  }
}
