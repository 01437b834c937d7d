package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ControlParameters;
import io.redress.remediation.OpenPorts.Rule;
import io.redress.remediation.OpenPorts.State;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenUnauthorizedPortsTest {

  private static final ControlParameters ONLY_8443 =
      new ControlParameters(Set.of(8443), Set.of(), Duration.ofDays(90), Duration.ofDays(90), "alias/aws/sns",
          ControlParameters.PasswordRules.DEFAULTS);

  private static Rule open(String protocol, int from, int to) {
    return new Rule("sgr-" + protocol + from + "-" + to, false, protocol, from, to, "0.0.0.0/0", null);
  }

  private static List<Rule> offending(OpenPorts action, Rule... rules) {
    return action.offending(new State("sg-1", List.of(rules)));
  }

  @Test
  void anAuthorizedPortIsKeptAndThePortNextToItIsNot() {
    OpenUnauthorizedPorts action = new OpenUnauthorizedPorts(ONLY_8443);

    assertThat(offending(action, open("tcp", 8443, 8443))).isEmpty();
    assertThat(offending(action, open("tcp", 8443, 8444), open("tcp", 8442, 8443))).hasSize(2);
  }

  @Test
  void securityHubsDefaultsAuthorizeTcp80And443AndNoUdpPort() {
    OpenUnauthorizedPorts action = new OpenUnauthorizedPorts();

    assertThat(offending(action, open("tcp", 80, 80), open("6", 443, 443))).isEmpty();
    assertThat(offending(action, open("tcp", 81, 81))).hasSize(1);
    assertThat(offending(action, open("udp", 443, 443))).hasSize(1);
    assertThat(offending(action, open("17", 80, 80))).hasSize(1);
  }

  @Test
  void udpPortsAreJudgedByTheirOwnList() {
    OpenUnauthorizedPorts action = new OpenUnauthorizedPorts(
        new ControlParameters(Set.of(), Set.of(53), Duration.ofDays(90), Duration.ofDays(90), "alias/aws/sns",
          ControlParameters.PasswordRules.DEFAULTS));

    assertThat(offending(action, open("udp", 53, 53))).isEmpty();
    assertThat(offending(action, open("tcp", 53, 53))).hasSize(1);
  }

  @Test
  void theCatalogueTheExecutorRunsJudgesByTheConfiguredParameters() {
    RemediationCatalogue configured = RemediationCatalogue.discover().with(ONLY_8443);

    OpenPorts action = (OpenPorts) configured.named("ec2-revoke-open-unauthorized-ports").orElseThrow();

    assertThat(offending(action, open("tcp", 8443, 8443))).isEmpty();
    assertThat(offending(action, open("tcp", 443, 443))).hasSize(1);
    assertThat(configured.forControl("EC2.18")).containsSame(action);
    assertThat(configured.actions()).hasSameSizeAs(RemediationCatalogue.discover().actions());
  }

  @Test
  void theSummaryNamesTheAuthorizedPorts() {
    assertThat(new OpenUnauthorizedPorts(ONLY_8443).summary()).contains("any TCP port but [8443]")
        .contains("any UDP port but none");
  }
}
