package io.redress.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupMembershipTest {

  @Test
  void aPodIsAGroupMemberUnderItsOwnName() {
    assertThat(GroupMembership.instanceId(Map.of("POD_NAME", "redress-streams-2", "HOSTNAME", "node-7"), Path.of("/state")))
        .isEqualTo("redress-streams-2");
  }

  @Test
  void elsewhereTheSameHostAndStateDirectoryRejoinAsTheSameMember() {
    Map<String, String> host = Map.of("HOSTNAME", "laptop");

    assertThat(GroupMembership.instanceId(host, Path.of("/data/.redress/streams")))
        .isEqualTo(GroupMembership.instanceId(host, Path.of("/data/.redress/../.redress/streams")))
        .startsWith("laptop-");
  }

  @Test
  void anotherStateDirectoryIsAnotherMember() {
    Map<String, String> host = Map.of("HOSTNAME", "laptop");

    assertThat(GroupMembership.instanceId(host, Path.of("/a/streams")))
        .isNotEqualTo(GroupMembership.instanceId(host, Path.of("/b/streams")));
  }

  @Test
  void aBlankPodNameIsIgnored() {
    assertThat(GroupMembership.instanceId(Map.of("POD_NAME", " ", "HOSTNAME", "laptop"), Path.of("/a")))
        .startsWith("laptop-");
  }
}
