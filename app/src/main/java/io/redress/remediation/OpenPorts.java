package io.redress.remediation;

import io.redress.contract.Resource;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

/**
 * Revokes the ingress rules of a security group that open some ports to the whole internet (0.0.0.0/0 or ::/0),
 * one rule at a time by its rule id, so every other rule (other ports, other sources, egress) stays exactly as it
 * was. Which ports offend is each control's business.
 */
abstract class OpenPorts extends CheckedChange<OpenPorts.State> {

  static final String DESCRIBE = "ec2:DescribeSecurityGroupRules";
  static final String REVOKE = "ec2:RevokeSecurityGroupIngress";
  private static final List<String> ANYWHERE = List.of("0.0.0.0/0", "::/0");

  /** One security group rule as the results show it; a port of -1 means every port. */
  record Rule(String id, boolean egress, String protocol, int fromPort, int toPort, String source) {

    static Rule of(SecurityGroupRule rule) {
      String source = rule.cidrIpv4() != null ? rule.cidrIpv4() : rule.cidrIpv6() != null ? rule.cidrIpv6()
          : rule.prefixListId() != null ? rule.prefixListId()
          : rule.referencedGroupInfo() != null ? rule.referencedGroupInfo().groupId() : "";
      return new Rule(rule.securityGroupRuleId(), Boolean.TRUE.equals(rule.isEgress()), rule.ipProtocol(),
          rule.fromPort() == null ? -1 : rule.fromPort(), rule.toPort() == null ? -1 : rule.toPort(), source);
    }

    boolean fromAnywhere() {
      return !egress && ANYWHERE.contains(source);
    }

    /**
     * Whether the rule lets in any port {@code offends} matches for its protocol, named {@code tcp} or {@code udp};
     * all traffic (-1) lets in every port of every protocol.
     */
    boolean opens(Offends offends) {
      if (protocol.equals("-1")) {
        return true;
      }
      String named = protocol.equals("6") ? "tcp" : protocol.equals("17") ? "udp" : protocol;
      if (!named.equals("tcp") && !named.equals("udp")) {
        return false;
      }
      int from = fromPort < 0 ? 0 : fromPort;
      int to = toPort < 0 ? 65535 : toPort;
      return IntStream.rangeClosed(from, to).anyMatch(port -> offends.test(named, port));
    }

    @Override
    public String toString() {
      return (protocol.equals("-1") ? "all traffic" : protocol + " " + (fromPort == toPort ? fromPort
          : fromPort + "-" + toPort)) + " from " + source + " (" + id + ")";
    }
  }

  /** @param rules every rule of the group, ingress and egress */
  record State(String group, List<Rule> rules) {
  }

  /** Whether a control forbids a port of a protocol ({@code tcp} or {@code udp}) open to the internet. */
  @FunctionalInterface
  interface Offends {
    boolean test(String protocol, int port);
  }

  /** Whether the control forbids {@code port} of {@code protocol} ({@code tcp} or {@code udp}) open to the internet. */
  protected abstract boolean offends(String protocol, int port);

  @Override
  public final String resourceType() {
    return "AwsEc2SecurityGroup";
  }

  @Override
  public List<String> permissions() {
    return List.of(DESCRIBE, REVOKE);
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(DESCRIBE, REVOKE, DESCRIBE);
  }

  @Override
  protected final Optional<String> target(Resource resource) {
    return Optional.of(groupId(resource.getId()));
  }

  /** A bare {@code sg-} id, or the part of its ARN after {@code security-group/}. */
  static String groupId(String resourceId) {
    return resourceId.substring(resourceId.lastIndexOf('/') + 1);
  }

  @Override
  protected State read(Calls calls) {
    return new State(calls.target(), rules(calls, DESCRIBE));
  }

  static List<Rule> rules(Calls calls, String permission) {
    return calls.call(permission).client(Ec2Client::builder)
        .describeSecurityGroupRulesPaginator(r -> r.filters(f -> f.name("group-id").values(calls.target())))
        .securityGroupRules().stream().map(Rule::of).toList();
  }

  List<Rule> offending(State state) {
    return state.rules().stream().filter(rule -> rule.fromAnywhere() && rule.opens(this::offends)).toList();
  }

  @Override
  protected boolean compliant(State state) {
    return offending(state).isEmpty();
  }

  @Override
  protected String plan(State before) {
    return "revoke " + offending(before).stream().map(Rule::toString).toList();
  }

  @Override
  protected void change(Calls calls, State before) {
    List<String> ids = offending(before).stream().map(Rule::id).toList();
    calls.call(REVOKE).client(Ec2Client::builder)
        .revokeSecurityGroupIngress(r -> r.groupId(calls.target()).securityGroupRuleIds(ids));
  }
}
