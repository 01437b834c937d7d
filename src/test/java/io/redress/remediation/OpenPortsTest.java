package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.remediation.OpenPorts.Replacement;
import io.redress.remediation.OpenPorts.Rule;
import io.redress.remediation.OpenPorts.State;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a rule wider than the offending ports keeps open from its source once those ports are closed. */
class OpenPortsTest {

  private static Rule open(String protocol, int from, int to, String source) {
    return new Rule("sgr-1", false, protocol, from, to, source, "web");
  }

  private static List<String> kept(OpenPorts action, Rule rule) {
    return action.kept(rule).stream().map(Replacement::toString).toList();
  }

  @Test
  void aRuleOnTheOffendingPortOnlyKeepsNothing() {
    assertThat(new OpenSsh().kept(open("tcp", 22, 22, "0.0.0.0/0"))).isEmpty();
  }

  @Test
  void aWholeTcpRangeKeepsEveryPortButSsh() {
    assertThat(kept(new OpenSsh(), open("tcp", 0, 65535, "0.0.0.0/0"))).containsExactly("tcp 0-21", "tcp 23-65535");
  }

  @Test
  void aRangeKeepsItsOwnBoundsAroundEachHighRiskPort() {
    assertThat(kept(new OpenHighRiskPorts(), open("6", 3000, 3310, "0.0.0.0/0")))
        .containsExactly("tcp 3001-3305", "tcp 3307-3310");
  }

  @Test
  void allTrafficKeepsTcpUdpAndIcmpFromTheSameSourceWithTheSameDescription() {
    List<Replacement> kept = new OpenRdp().kept(open("-1", -1, -1, "0.0.0.0/0"));

    assertThat(kept).extracting(Replacement::toString)
        .containsExactly("tcp 0-3388", "tcp 3390-65535", "udp 0-3388", "udp 3390-65535", "icmp all");
    assertThat(kept).allSatisfy(replacement -> {
      assertThat(replacement.source()).isEqualTo("0.0.0.0/0");
      assertThat(replacement.description()).isEqualTo("web");
    });
  }

  @Test
  void allTrafficFromIpv6KeepsIcmpv6() {
    assertThat(kept(new OpenSsh(), open("-1", -1, -1, "::/0"))).endsWith("icmpv6 all");
  }

  @Test
  void theEmptiedDefaultGroupKeepsNothingOfAnAllTrafficRule() {
    assertThat(new DefaultSecurityGroupClosed().kept(open("-1", -1, -1, "0.0.0.0/0"))).isEmpty();
  }

  /** Only ingress from the internet is the control's business: narrower sources and egress stay as they are. */
  @Test
  void aRuleFromANarrowerSourceOrAnEgressRuleOnTheSamePortIsNotTouched() {
    Rule fromTheOffice = open("tcp", 22, 22, "203.0.113.0/24");
    Rule fromAnotherGroup = open("tcp", 22, 22, "sg-0123456789abcdef0");
    Rule egress = new Rule("sgr-2", true, "tcp", 22, 22, "0.0.0.0/0", "outbound ssh");

    assertThat(new OpenSsh().offending(new State("sg-1", List.of(fromTheOffice, fromAnotherGroup, egress))))
        .isEmpty();
  }

  /** A port of -1 means every port, but port 0 is a port of its own and opens nothing above it. */
  @Test
  void aRuleOnPortZeroAloneDoesNotOpenSsh() {
    Rule portZero = open("tcp", 0, 0, "0.0.0.0/0");

    assertThat(new OpenSsh().offending(new State("sg-1", List.of(portZero)))).isEmpty();
    assertThat(new OpenSsh().offending(new State("sg-1", List.of(open("tcp", 0, 22, "0.0.0.0/0"))))).hasSize(1);
  }

  @Test
  void thePlanSaysWhatReplacesAWideRuleAndWhatIsNoLongerOpen() {
    String plan = new OpenSsh().plan(new State("sg-1", List.of(open("-1", -1, -1, "0.0.0.0/0"),
        open("tcp", 22, 22, "::/0"))));

    assertThat(plan).isEqualTo("replace all traffic from 0.0.0.0/0 (sgr-1) with [tcp 0-21, tcp 23-65535, udp 0-21,"
        + " udp 23-65535, icmp all] from 0.0.0.0/0; any other IP protocol it allowed is no longer open from 0.0.0.0/0;"
        + " revoke tcp 22 from ::/0 (sgr-1)");
  }
}
