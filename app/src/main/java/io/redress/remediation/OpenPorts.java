package io.redress.remediation;

import io.redress.contract.Resource;
import io.redress.resource.ResourceIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

/**
 * Closes the ports a control forbids open to the whole internet (0.0.0.0/0 or ::/0) in a security group's ingress
 * rules, and only those: a rule on offending ports alone is revoked by its rule id; a rule wider than them is
 * replaced by rules from the same source for what it opened besides (tcp 0-65535 without port 22 is tcp 0-21 and
 * tcp 23-65535; all traffic keeps TCP, UDP and ICMP). Every other rule (other ports, other sources, egress) stays
 * exactly as it was. Which ports offend is each control's business.
 */
abstract class OpenPorts extends CheckedChange<OpenPorts.State> {

  static final String DESCRIBE = "ec2:DescribeSecurityGroupRules";
  static final String REVOKE = "ec2:RevokeSecurityGroupIngress";
  static final String AUTHORIZE = "ec2:AuthorizeSecurityGroupIngress";
  private static final String DUPLICATE = "InvalidPermission.Duplicate";
  /** How every control of this kind treats a rule wider than its offending ports, for the summaries. */
  static final String WIDER_RULES = "a rule that opens more than that is replaced by rules from the same source for"
      + " the rest of what it opened (all traffic keeps TCP, UDP and ICMP only); every other rule is kept.";
  private static final List<String> ANYWHERE = List.of("0.0.0.0/0", "::/0");

  /** One security group rule as the results show it; a port of -1 means every port. */
  record Rule(String id, boolean egress, String protocol, int fromPort, int toPort, String source,
      String description) {

    static Rule of(SecurityGroupRule rule) {
      String source = rule.cidrIpv4() != null ? rule.cidrIpv4() : rule.cidrIpv6() != null ? rule.cidrIpv6()
          : rule.prefixListId() != null ? rule.prefixListId()
          : rule.referencedGroupInfo() != null ? rule.referencedGroupInfo().groupId() : "";
      return new Rule(rule.securityGroupRuleId(), Boolean.TRUE.equals(rule.isEgress()), rule.ipProtocol(),
          rule.fromPort() == null ? -1 : rule.fromPort(), rule.toPort() == null ? -1 : rule.toPort(), source,
          rule.description());
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
      String named = named(protocol);
      if (!named.equals("tcp") && !named.equals("udp")) {
        return false;
      }
      return IntStream.rangeClosed(lowest(), highest()).anyMatch(port -> offends.test(named, port));
    }

    private int lowest() {
      return fromPort < 0 ? 0 : fromPort;
    }

    private int highest() {
      return toPort < 0 ? 65535 : toPort;
    }

    /**
     * What this rule opens from its source besides the ports {@code offends} matches, as the rules that keep it
     * open: the rest of a TCP or UDP range; for all traffic, TCP and UDP without the offending ports and every ICMP
     * type. Empty for a rule that opens offending ports only.
     */
    List<Replacement> besides(Offends offends) {
      if (protocol.equals("-1")) {
        List<Replacement> besides = new ArrayList<>(ranges("tcp", 0, 65535, offends));
        besides.addAll(ranges("udp", 0, 65535, offends));
        besides.add(new Replacement(source.contains(":") ? "icmpv6" : "icmp", -1, -1, source, description));
        return besides;
      }
      return ranges(named(protocol), lowest(), highest(), offends);
    }

    /** The ranges of ports from {@code from} to {@code to} that {@code offends} does not match. */
    private List<Replacement> ranges(String named, int from, int to, Offends offends) {
      List<Replacement> ranges = new ArrayList<>();
      int start = -1;
      for (int port = from; port <= to + 1; port++) {
        boolean kept = port <= to && !offends.test(named, port);
        if (kept && start < 0) {
          start = port;
        } else if (!kept && start >= 0) {
          ranges.add(new Replacement(named, start, port - 1, source, description));
          start = -1;
        }
      }
      return ranges;
    }

    /** Whether this is an ingress rule opening exactly what {@code replacement} opens, from the same source. */
    boolean is(Replacement replacement) {
      return !egress && replacement.opensAs(new Replacement(named(protocol), fromPort, toPort, source, description));
    }

    @Override
    public String toString() {
      return (protocol.equals("-1") ? "all traffic" : protocol + " " + (fromPort == toPort ? fromPort
          : fromPort + "-" + toPort)) + " from " + source + " (" + id + ")";
    }
  }

  /** A protocol by name where it has one ({@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6}). */
  static String named(String protocol) {
    return switch (protocol) {
      case "6" -> "tcp";
      case "17" -> "udp";
      case "1" -> "icmp";
      case "58" -> "icmpv6";
      default -> protocol;
    };
  }

  /**
   * An ingress rule authorized in place of a wider one, from the same source with the same description; a port of
   * -1 means every ICMP type and code.
   */
  record Replacement(String protocol, int fromPort, int toPort, String source, String description) {

    IpPermission permission() {
      IpPermission.Builder permission = IpPermission.builder().ipProtocol(protocol).fromPort(fromPort).toPort(toPort);
      return source.contains(":")
          ? permission.ipv6Ranges(Ipv6Range.builder().cidrIpv6(source).description(description).build()).build()
          : permission.ipRanges(IpRange.builder().cidrIp(source).description(description).build()).build();
    }

    boolean opensAs(Replacement other) {
      return protocol.equals(other.protocol) && fromPort == other.fromPort && toPort == other.toPort
          && source.equals(other.source);
    }

    @Override
    public String toString() {
      return protocol + " " + (fromPort < 0 ? "all" : fromPort == toPort ? fromPort : fromPort + "-" + toPort);
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
    return List.of(DESCRIBE, AUTHORIZE, REVOKE, LiveTags.EC2_TAGS);
  }

  /** The authorization is made only when an offending rule opens more than the offending ports. */
  @Override
  public List<String> plannedCalls() {
    return List.of(DESCRIBE, AUTHORIZE, REVOKE, DESCRIBE);
  }

  @Override
  public final Optional<LiveTags> liveTags() {
    return Optional.of(LiveTags.EC2_RESOURCE);
  }

  @Override
  protected final Optional<String> target(Resource resource) {
    return Optional.of(ResourceIds.lastPathSegment(resource.getId()));
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

  /** What {@code rule} opens besides the offending ports, to be kept open from its source. */
  List<Replacement> kept(Rule rule) {
    return rule.besides(this::offends);
  }

  /**
   * Every rule that keeps open what an offending rule of {@code state} opened besides, each once: AWS takes two
   * rules on the same ports from the same source for one, whatever their descriptions.
   */
  private List<Replacement> replacements(State state) {
    List<Replacement> replacements = new ArrayList<>();
    offending(state).stream().flatMap(rule -> kept(rule).stream())
        .filter(replacement -> replacements.stream().noneMatch(replacement::opensAs))
        .forEach(replacements::add);
    return replacements;
  }

  private static List<Replacement> absent(List<Replacement> replacements, State state) {
    return replacements.stream()
        .filter(replacement -> state.rules().stream().noneMatch(rule -> rule.is(replacement))).toList();
  }

  @Override
  protected String plan(State before) {
    return offending(before).stream().map(this::plan).collect(Collectors.joining("; "));
  }

  private String plan(Rule rule) {
    List<Replacement> kept = kept(rule);
    if (kept.isEmpty()) {
      return "revoke " + rule;
    }
    String plan = "replace " + rule + " with " + kept + " from " + rule.source();
    // Only TCP, UDP and ICMP are kept: which other protocol (GRE, ESP, ...) the group needs cannot be told from it.
    return rule.protocol().equals("-1")
        ? plan + "; any other IP protocol it allowed is no longer open from " + rule.source() : plan;
  }

  @Override
  protected void change(Calls calls, State before) {
    // What is kept is authorized before the wide rule goes, so nothing meant to stay open is ever closed, even for
    // a moment; a run that stopped in between finds those rules in place and authorizes only the others.
    List<Replacement> absent = absent(replacements(before), before);
    if (!absent.isEmpty()) {
      authorize(calls, absent);
    }
    List<String> ids = offending(before).stream().map(Rule::id).toList();
    calls.call(REVOKE).client(Ec2Client::builder)
        .revokeSecurityGroupIngress(r -> r.groupId(calls.target()).securityGroupRuleIds(ids));
  }

  private static void authorize(Calls calls, List<Replacement> replacements) {
    // AWS refuses the whole call when one of its rules is already there (authorized since the group was read), so
    // then each is authorized on its own, and one already there is as good as authorized.
    if (!authorized(calls, replacements) && replacements.size() > 1) {
      replacements.forEach(replacement -> authorized(calls, List.of(replacement)));
    }
  }

  /** Authorizes {@code replacements} in one call; false when AWS refused it as one of them is already there. */
  private static boolean authorized(Calls calls, List<Replacement> replacements) {
    List<IpPermission> permissions = replacements.stream().map(Replacement::permission).toList();
    try {
      calls.call(AUTHORIZE).client(Ec2Client::builder)
          .authorizeSecurityGroupIngress(r -> r.groupId(calls.target()).ipPermissions(permissions));
      return true;
    } catch (SdkException e) {
      if (errorCode(e).filter(DUPLICATE::equals).isEmpty()) {
        throw e;
      }
      return false;
    }
  }

  @Override
  protected Optional<String> missingAfter(State before, State after) {
    List<Replacement> absent = absent(replacements(before), after);
    return absent.isEmpty() ? Optional.empty() : Optional.of("the rules meant to stay open " + absent.stream()
        .map(replacement -> replacement + " from " + replacement.source()).toList());
  }
}
