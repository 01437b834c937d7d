package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AwsClientsTest {

  @Test
  void aRoleSessionIsNamedAfterItsCommand() {
    assertThat(AwsClients.sessionName("3f2a9c")).isEqualTo("redress-3f2a9c");
  }

  @Test
  void aSessionNameKeepsOnlyWhatStsAllowsAndFitsItsLimit() {
    String name = AwsClients.sessionName("a/b c:" + "x".repeat(100));

    assertThat(name).startsWith("redress-a-b-c-").hasSize(64).matches("[\\w+=,.@-]+");
  }
}
