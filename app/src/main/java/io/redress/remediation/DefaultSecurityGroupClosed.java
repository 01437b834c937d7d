package io.redress.remediation;

import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Empties a VPC's default security group (Security Hub EC2.2): every ingress and egress rule is revoked by its id.
 * The group itself stays (it cannot be deleted), and the rules revoked are in the result's before state. A group
 * that is not named {@code default} is refused.
 */
public final class DefaultSecurityGroupClosed extends OpenPorts {

  static final String DESCRIBE_GROUPS = "ec2:DescribeSecurityGroups";
  static final String REVOKE_EGRESS = "ec2:RevokeSecurityGroupEgress";

  @Override
  public String name() {
    return "ec2-close-default-security-group";
  }

  @Override
  public Set<String> controls() {
    return Set.of("EC2.2");
  }

  @Override
  public String summary() {
    return "Revokes every ingress and egress rule of a VPC's default security group; the group itself stays.";
  }

  @Override
  public List<String> permissions() {
    return List.of(DESCRIBE_GROUPS, DESCRIBE, REVOKE, REVOKE_EGRESS, LiveTags.EC2_TAGS);
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(DESCRIBE_GROUPS, DESCRIBE, REVOKE, REVOKE_EGRESS, DESCRIBE);
  }

  @Override
  protected boolean offends(String protocol, int port) {
    return true;
  }

  @Override
  protected State read(Calls calls) {
    // The group's name is checked once, before the first read; reading the rules back needs no second look.
    if (calls.made().isEmpty()) {
      String name = calls.call(DESCRIBE_GROUPS).client(Ec2Client::builder)
          .describeSecurityGroups(r -> r.groupIds(calls.target())).securityGroups().get(0).groupName();
      if (!"default".equals(name)) {
        // EC2.2 is about default groups only; emptying any other group would cut traffic nobody asked to cut.
        throw new Refused(calls.target() + " is a security group named '" + name + "', not a default group, so it"
            + " is left alone");
      }
    }
    return new State(calls.target(), rules(calls, DESCRIBE));
  }

  @Override
  List<Rule> offending(State state) {
    return state.rules();
  }

  /** An emptied default group keeps nothing open, whatever a rule opened. */
  @Override
  List<Replacement> kept(Rule rule) {
    return List.of();
  }

  @Override
  protected void change(Calls calls, State before) {
    List<String> ingress = before.rules().stream().filter(rule -> !rule.egress()).map(Rule::id).toList();
    List<String> egress = before.rules().stream().filter(Rule::egress).map(Rule::id).toList();
    if (!ingress.isEmpty()) {
      calls.call(REVOKE).client(Ec2Client::builder)
          .revokeSecurityGroupIngress(r -> r.groupId(calls.target()).securityGroupRuleIds(ingress));
    }
    if (!egress.isEmpty()) {
      calls.call(REVOKE_EGRESS).client(Ec2Client::builder)
          .revokeSecurityGroupEgress(r -> r.groupId(calls.target()).securityGroupRuleIds(egress));
    }
  }

}
