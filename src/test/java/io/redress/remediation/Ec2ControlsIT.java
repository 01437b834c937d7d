package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.config.ConfigLoader;
import io.redress.config.ControlParameters;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.contract.Resource;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.CreateVolumePermission;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataOptionsRequest;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataOptionsResponse;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

/** The EC2 remediations against moto: each fixes, reads back, is idempotent and leaves the rest alone. */
class Ec2ControlsIT {

  private static MotoCloud cloud;
  private static Ec2Client ec2;

  @BeforeAll
  static void start() throws Exception {
    cloud = MotoCloud.start();
    ec2 = cloud.client(Ec2Client::builder);
  }

  @AfterAll
  static void stop() {
    ec2.close();
    cloud.close();
  }

  @BeforeEach
  void emptyCloud() throws Exception {
    cloud.reset();
  }

  @Test
  void sshOpenToTheInternetIsRevokedAndEveryOtherRuleKept() {
    String group = groupWith(open("tcp", 22, "0.0.0.0/0"), open("tcp", 22, "10.0.0.0/8"), open("tcp", 443, "0.0.0.0/0"),
        IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22).ipv6Ranges(r -> r.cidrIpv6("::/0")).build());
    List<String> untouched = ruleTexts(group).stream().filter(rule -> !rule.startsWith("in tcp 22-22 0.0.0.0/0")
        && !rule.startsWith("in tcp 22-22 ::/0")).toList();

    assertFixedThenCompliant("ec2-revoke-open-ssh", securityGroup(group));

    assertThat(ruleTexts(group)).containsExactlyInAnyOrderElementsOf(untouched)
        .contains("in tcp 22-22 10.0.0.0/8", "in tcp 443-443 0.0.0.0/0");
  }

  @Test
  void rdpOpenToTheInternetIsRevokedButSshIsNotItsBusiness() {
    String group = groupWith(open("tcp", 3389, "0.0.0.0/0"), open("tcp", 22, "0.0.0.0/0"));

    assertFixedThenCompliant("ec2-revoke-open-rdp", securityGroup(group));

    assertThat(ruleTexts(group)).contains("in tcp 22-22 0.0.0.0/0").noneMatch(rule -> rule.contains("3389"));
  }

  @Test
  void aRangeCoveringAHighRiskPortIsRevokedAndAWebPortKept() {
    String group = groupWith(open("tcp", 3000, 3310, "0.0.0.0/0"), open("tcp", 80, "0.0.0.0/0"));

    assertFixedThenCompliant("ec2-revoke-open-high-risk-ports", securityGroup(group));

    assertThat(ruleTexts(group)).contains("in tcp 80-80 0.0.0.0/0").noneMatch(rule -> rule.contains("3000"));
  }

  @Test
  void anAllTrafficRuleLosesSshAndKeepsTheWebPortsFromTheSameSource() {
    String group = groupWith(IpPermission.builder().ipProtocol("-1")
        .ipRanges(r -> r.cidrIp("0.0.0.0/0").description("web")).ipv6Ranges(r -> r.cidrIpv6("::/0")).build());

    RemediationResult result = cloud.run("ec2-revoke-open-ssh", securityGroup(group));

    assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(ruleTexts(group)).filteredOn(rule -> rule.startsWith("in ")).containsExactlyInAnyOrder(
        "in tcp 0-21 0.0.0.0/0", "in tcp 23-65535 0.0.0.0/0", "in udp 0-21 0.0.0.0/0", "in udp 23-65535 0.0.0.0/0",
        "in icmp -1--1 0.0.0.0/0", "in tcp 0-21 ::/0", "in tcp 23-65535 ::/0", "in udp 0-21 ::/0",
        "in udp 23-65535 ::/0", "in icmpv6 -1--1 ::/0");
    assertThat(openFromAnywhere(group, 22)).isFalse();
    assertThat(openFromAnywhere(group, 80)).isTrue();
    assertThat(openFromAnywhere(group, 443)).isTrue();
    assertThat(descriptions(group, "0.0.0.0/0")).containsOnly("web");
    assertThat(result.getMessage()).contains("replace all traffic from 0.0.0.0/0")
        .contains("any other IP protocol it allowed is no longer open from 0.0.0.0/0");
    assertThat(result.getApiCalls()).containsExactly("ec2:DescribeSecurityGroupRules",
        "ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DescribeSecurityGroupRules");
    String allTrafficIn = "\"egress\":false,\"protocol\":\"-1\"";
    assertThat(result.getBefore()).contains(allTrafficIn);
    assertThat(result.getAfter()).doesNotContain(allTrafficIn).contains("\"fromPort\":23,\"toPort\":65535");
  }

  @Test
  void aWholeTcpRangeIsSplitAroundSsh() {
    String group = groupWith(open("tcp", 0, 65535, "0.0.0.0/0"), open("tcp", 0, 65535, "10.0.0.0/8"));

    assertFixedThenCompliant("ec2-revoke-open-ssh", securityGroup(group));

    assertThat(ruleTexts(group)).filteredOn(rule -> rule.startsWith("in ")).containsExactlyInAnyOrder(
        "in tcp 0-21 0.0.0.0/0", "in tcp 23-65535 0.0.0.0/0", "in tcp 0-65535 10.0.0.0/8");
  }

  @Test
  void aSecondRunFindsTheSplitCompliantAndAddsNothing() {
    String group = groupWith(IpPermission.builder().ipProtocol("-1").ipRanges(r -> r.cidrIp("0.0.0.0/0")).build());
    cloud.run("ec2-revoke-open-ssh", securityGroup(group));
    List<String> fixed = ruleTexts(group);
    assertThat(fixed).contains("in tcp 23-65535 0.0.0.0/0");

    RemediationResult again = cloud.run("ec2-revoke-open-ssh", securityGroup(group));

    assertThat(again.getStatus()).as(again.getMessage()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
    assertThat(ruleTexts(group)).containsExactlyInAnyOrderElementsOf(fixed).doesNotHaveDuplicates();
  }

  @Test
  void aRunThatStoppedAfterAuthorizingFinishesWithoutAddingARuleTwice() {
    String group = groupWith(open("tcp", 0, 65535, "0.0.0.0/0"), open("tcp", 0, 21, "0.0.0.0/0"));

    RemediationResult result = cloud.run("ec2-revoke-open-ssh", securityGroup(group));

    assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(ruleTexts(group)).filteredOn(rule -> rule.startsWith("in "))
        .containsExactlyInAnyOrder("in tcp 0-21 0.0.0.0/0", "in tcp 23-65535 0.0.0.0/0");
  }

  @Test
  void aReplacementAuthorizedSinceTheReadIsTakenAsDone() {
    String group = groupWith(open("tcp", 0, 65535, "0.0.0.0/0"));
    AtomicBoolean raced = new AtomicBoolean();
    ExecutionInterceptor someoneElseFirst = new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof AuthorizeSecurityGroupIngressRequest && raced.compareAndSet(false, true)) {
          ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(open("tcp", 23, 65535, "0.0.0.0/0")));
        }
      }
    };

    RemediationResult result = cloud.run("ec2-revoke-open-ssh", securityGroup(group), false, Clock.systemUTC(),
        List.of(someoneElseFirst));

    assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(result.getApiCalls()).containsExactly("ec2:DescribeSecurityGroupRules",
        "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupIngress",
        "ec2:RevokeSecurityGroupIngress", "ec2:DescribeSecurityGroupRules");
    assertThat(ruleTexts(group)).filteredOn(rule -> rule.startsWith("in "))
        .containsExactlyInAnyOrder("in tcp 0-21 0.0.0.0/0", "in tcp 23-65535 0.0.0.0/0");
  }

  @Test
  void aReplacementGoneByTheReadBackIsAFailureNotApplied() {
    String group = groupWith(open("tcp", 0, 65535, "0.0.0.0/0"));
    ExecutionInterceptor someoneElseRevokes = new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof RevokeSecurityGroupIngressRequest) {
          ec2.revokeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(open("tcp", 23, 65535, "0.0.0.0/0")));
        }
      }
    };

    RemediationResult result = cloud.run("ec2-revoke-open-ssh", securityGroup(group), false, Clock.systemUTC(),
        List.of(someoneElseRevokes));

    assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).contains("lacks the rules meant to stay open [tcp 23-65535 from 0.0.0.0/0]");
  }

  @Test
  void aDryRunPlansTheSplitAndChangesNothing() {
    String group = groupWith(IpPermission.builder().ipProtocol("-1").ipRanges(r -> r.cidrIp("0.0.0.0/0")).build());
    List<String> before = ruleTexts(group);

    RemediationResult result = cloud.run("ec2-revoke-open-ssh", securityGroup(group), true, Clock.systemUTC());

    assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.DRY_RUN);
    assertThat(result.getMessage()).contains("would replace all traffic from 0.0.0.0/0")
        .contains("[tcp 0-21, tcp 23-65535, udp 0-21, udp 23-65535, icmp all]");
    assertThat(result.getApiCalls()).contains("ec2:AuthorizeSecurityGroupIngress");
    assertThat(ruleTexts(group)).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void anAllTrafficRuleKeepsOnlyTheAuthorizedPortsAndIcmpForEc218() {
    String group = groupWith(IpPermission.builder().ipProtocol("-1").ipRanges(r -> r.cidrIp("0.0.0.0/0")).build());

    assertFixedThenCompliant("ec2-revoke-open-unauthorized-ports", securityGroup(group));

    assertThat(ruleTexts(group)).filteredOn(rule -> rule.startsWith("in ")).containsExactlyInAnyOrder(
        "in tcp 80-80 0.0.0.0/0", "in tcp 443-443 0.0.0.0/0", "in icmp -1--1 0.0.0.0/0");
  }

  @Test
  void anyPortButTheAuthorizedOnesIsRevokedForEc218() {
    String group = groupWith(open("tcp", 8443, "0.0.0.0/0"), open("tcp", 443, "0.0.0.0/0"), open("udp", 53, "::/0"));

    assertFixedThenCompliant("ec2-revoke-open-unauthorized-ports", securityGroup(group));

    assertThat(ruleTexts(group)).contains("in tcp 443-443 0.0.0.0/0")
        .noneMatch(rule -> rule.contains("8443") || rule.contains("udp"));
  }

  @Test
  void ec218JudgesByTheConfiguredAuthorizedPorts() {
    ControlParameters parameters = ConfigLoader.fromYaml(
        "controls: {EC2.18: {mode: auto, authorized-tcp-ports: [8443], authorized-udp-ports: [53]}}", Map.of())
        .policy().parameters();
    String group = groupWith(open("tcp", 8443, "0.0.0.0/0"), open("tcp", 443, "0.0.0.0/0"), open("udp", 53, "::/0"),
        open("tcp", 8443, 8444, "0.0.0.0/0"));

    RemediationResult result = cloud.run(parameters, "ec2-revoke-open-unauthorized-ports", securityGroup(group),
        Clock.systemUTC());

    assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(ruleTexts(group)).contains("in tcp 8443-8443 0.0.0.0/0", "in udp 53-53 ::/0")
        .doesNotContain("in tcp 443-443 0.0.0.0/0", "in tcp 8443-8444 0.0.0.0/0");
  }

  @Test
  void theDefaultSecurityGroupIsEmptiedButKept() {
    String group = ec2.describeSecurityGroups(r -> r.filters(f -> f.name("group-name").values("default")))
        .securityGroups().get(0).groupId();
    assertThat(ruleTexts(group)).isNotEmpty();

    assertFixedThenCompliant("ec2-close-default-security-group", securityGroup(group));

    assertThat(ruleTexts(group)).isEmpty();
    assertThat(ec2.describeSecurityGroups(r -> r.groupIds(group)).securityGroups()).hasSize(1);
  }

  @Test
  void aGroupNotNamedDefaultIsNeverEmptiedForEc22() {
    String group = groupWith(open("tcp", 22, "0.0.0.0/0"));

    RemediationResult result = cloud.run("ec2-close-default-security-group", securityGroup(group));

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).contains("not a default group");
    assertThat(ruleTexts(group)).contains("in tcp 22-22 0.0.0.0/0");
  }

  @Test
  void aGroupDeletedSinceTheFindingHasNothingOpenAndIsNotRecreated() {
    RemediationResult result = cloud.run("ec2-revoke-open-ssh", securityGroup("sg-0123456789abcdef0"));

    assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
    assertThat(result.getApiCalls()).containsExactly("ec2:DescribeSecurityGroupRules");
  }

  @Test
  void ebsEncryptionByDefaultIsTurnedOn() {
    assertFixedThenCompliant("ec2-ebs-encryption-by-default", account());

    assertThat(ec2.getEbsEncryptionByDefault(r -> { }).ebsEncryptionByDefault()).isTrue();
  }

  @Test
  void aPublicSnapshotIsMadePrivateAndItsSharingWithANamedAccountKept() {
    String volume = ec2.createVolume(r -> r.availabilityZone("us-east-1a").size(1)).volumeId();
    String snapshot = ec2.createSnapshot(r -> r.volumeId(volume)).snapshotId();
    ec2.modifySnapshotAttribute(r -> r.snapshotId(snapshot).attribute("createVolumePermission")
        .operationType("add").groupNames("all").userIds("111122223333"));

    assertFixedThenCompliant("ec2-ebs-snapshots-private", account());

    assertThat(ec2.describeSnapshotAttribute(r -> r.snapshotId(snapshot).attribute("createVolumePermission"))
        .createVolumePermissions()).containsExactly(CreateVolumePermission.builder().userId("111122223333").build());
  }

  @Test
  void imdsv2IsRequiredAndTheOtherMetadataOptionsKept() {
    InstanceMetadataOptionsResponse options = requireImdsv2On(m -> m.httpTokens("optional").httpPutResponseHopLimit(3)
        .instanceMetadataTags("enabled"));

    assertThat(options.httpTokensAsString()).isEqualTo("required");
    assertThat(options.httpPutResponseHopLimit()).isEqualTo(3);
    assertThat(options.instanceMetadataTagsAsString()).isEqualTo("enabled");
  }

  /** AWS Config's ec2-imdsv2-check fails optional tokens whatever the endpoint: the finding would never pass. */
  @Test
  void anInstanceWithItsMetadataEndpointOffStillGetsTokensRequiredAndKeepsTheEndpointOff() {
    InstanceMetadataOptionsResponse options = requireImdsv2On(m -> m.httpTokens("optional").httpEndpoint("disabled"));

    assertThat(options.httpTokensAsString()).isEqualTo("required");
    assertThat(options.httpEndpointAsString()).isEqualTo("disabled");
  }

  /** An instance launched with {@code metadata}, fixed by EC2.8 and found compliant again: its options after. */
  private InstanceMetadataOptionsResponse requireImdsv2On(
      Consumer<InstanceMetadataOptionsRequest.Builder> metadata) {
    String image = ec2.describeImages(r -> { }).images().get(0).imageId();
    String instance = ec2.runInstances(r -> r.imageId(image).minCount(1).maxCount(1).metadataOptions(metadata))
        .instances().get(0).instanceId();

    assertFixedThenCompliant("ec2-require-imdsv2", MotoCloud.resource("AwsEc2Instance",
        "arn:aws:ec2:us-east-1:" + MotoCloud.ACCOUNT + ":instance/" + instance));

    return ec2.describeInstances(r -> r.instanceIds(instance)).reservations().get(0).instances().get(0)
        .metadataOptions();
  }

  @Test
  void theRemediatorCannotCallWhatTheGeneratedPolicyDoesNotGrant() {
    String group = groupWith(open("tcp", 22, "0.0.0.0/0"));
    try (Ec2Client remediator = cloud.remediatorClient(Ec2Client::builder)) {
      assertThatThrownBy(() -> remediator.deleteSecurityGroup(r -> r.groupId(group)))
          .isInstanceOfSatisfying(Ec2Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isIn("AccessDenied", "UnauthorizedOperation"));
      assertThatThrownBy(() -> remediator.authorizeSecurityGroupEgress(r -> r.groupId(group)
          .ipPermissions(open("tcp", 25, "0.0.0.0/0")))).isInstanceOf(Ec2Exception.class);
    }
    assertThat(ruleTexts(group)).contains("in tcp 22-22 0.0.0.0/0").noneMatch(rule -> rule.contains(" 25-"));
  }

  private static void assertFixedThenCompliant(String action, Resource resource) {
    RemediationResult first = cloud.run(action, resource);
    assertThat(first.getStatus()).as(first.getMessage()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(first.getBefore()).isNotEqualTo(first.getAfter());
    RemediationResult again = cloud.run(action, resource);
    assertThat(again.getStatus()).as(again.getMessage()).isEqualTo(RemediationStatus.ALREADY_COMPLIANT);
  }

  private static Resource securityGroup(String group) {
    return MotoCloud.resource("AwsEc2SecurityGroup",
        "arn:aws:ec2:us-east-1:" + MotoCloud.ACCOUNT + ":security-group/" + group);
  }

  private static Resource account() {
    return MotoCloud.resource("AwsAccount", "AWS::::Account:" + MotoCloud.ACCOUNT);
  }

  private static IpPermission open(String protocol, int port, String cidr) {
    return open(protocol, port, port, cidr);
  }

  private static IpPermission open(String protocol, int from, int to, String cidr) {
    return IpPermission.builder().ipProtocol(protocol).fromPort(from).toPort(to).ipRanges(r -> r.cidrIp(cidr)).build()
        .toBuilder().ipv6Ranges(cidr.contains(":") ? List.of(
            software.amazon.awssdk.services.ec2.model.Ipv6Range.builder().cidrIpv6(cidr).build()) : List.of())
        .ipRanges(cidr.contains(":") ? List.of() : List.of(
            software.amazon.awssdk.services.ec2.model.IpRange.builder().cidrIp(cidr).build()))
        .build();
  }

  private static String groupWith(IpPermission... permissions) {
    String group = ec2.createSecurityGroup(r -> r.groupName("g-" + System.nanoTime()).description("test")).groupId();
    ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(permissions));
    return group;
  }

  /** Whether an ingress rule of the group lets TCP {@code port} in from 0.0.0.0/0. */
  private static boolean openFromAnywhere(String group, int port) {
    return ingress(group).stream().anyMatch(rule -> "0.0.0.0/0".equals(rule.cidrIpv4())
        && (rule.ipProtocol().equals("-1") || rule.ipProtocol().equals("tcp") && rule.fromPort() <= port
        && port <= rule.toPort()));
  }

  private static List<String> descriptions(String group, String cidr) {
    return ingress(group).stream().filter(rule -> cidr.equals(rule.cidrIpv4())).map(SecurityGroupRule::description)
        .toList();
  }

  private static List<SecurityGroupRule> ingress(String group) {
    return ec2.describeSecurityGroupRules(r -> r.filters(f -> f.name("group-id").values(group)))
        .securityGroupRules().stream().filter(rule -> !rule.isEgress()).toList();
  }

  /** Every rule of the group as "in|out protocol from-to source". */
  private static List<String> ruleTexts(String group) {
    return ec2.describeSecurityGroupRules(r -> r.filters(f -> f.name("group-id").values(group)))
        .securityGroupRules().stream().map(Ec2ControlsIT::text).toList();
  }

  private static String text(SecurityGroupRule rule) {
    String source = rule.cidrIpv4() != null ? rule.cidrIpv4() : rule.cidrIpv6() != null ? rule.cidrIpv6()
        : rule.referencedGroupInfo() != null ? rule.referencedGroupInfo().groupId() : "?";
    return (Boolean.TRUE.equals(rule.isEgress()) ? "out " : "in ") + rule.ipProtocol() + " " + rule.fromPort() + "-"
        + rule.toPort() + " " + source;
  }
}
