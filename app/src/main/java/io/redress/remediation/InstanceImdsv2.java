package io.redress.remediation;

import io.redress.contract.Resource;
import io.redress.resource.ResourceIds;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataOptionsResponse;

/**
 * Requires IMDSv2 session tokens on an instance (Security Hub EC2.8). Every other metadata option (endpoint, hop
 * limit, tags in metadata, IPv6) is sent back as it was read, so it stays as it was whether the endpoint keeps
 * unsent options (AWS) or resets them (some emulators). An instance whose metadata endpoint is off is not compliant
 * by that alone: the Config rule behind EC2.8 ({@code ec2-imdsv2-check}) fails any instance whose HttpTokens is
 * optional, and the endpoint can be turned back on; requiring tokens there changes nothing the instance uses.
 */
public final class InstanceImdsv2 extends CheckedChange<InstanceImdsv2.State> {

  static final String DESCRIBE = "ec2:DescribeInstances";
  static final String MODIFY = "ec2:ModifyInstanceMetadataOptions";

  record State(String httpTokens, String httpEndpoint, Integer hopLimit, String metadataTags, String ipv6) {

    static State of(InstanceMetadataOptionsResponse options) {
      return new State(options.httpTokensAsString(), options.httpEndpointAsString(),
          options.httpPutResponseHopLimit(), options.instanceMetadataTagsAsString(), options.httpProtocolIpv6AsString());
    }
  }

  @Override
  public String name() {
    return "ec2-require-imdsv2";
  }

  @Override
  public Set<String> controls() {
    return Set.of("EC2.8");
  }

  @Override
  public String resourceType() {
    return "AwsEc2Instance";
  }

  @Override
  public List<String> permissions() {
    return List.of(DESCRIBE, MODIFY, LiveTags.EC2_TAGS);
  }

  @Override
  public Optional<LiveTags> liveTags() {
    return Optional.of(LiveTags.EC2_RESOURCE);
  }

  @Override
  public String summary() {
    return "Sets HttpTokens to required (IMDSv2 only); every other instance metadata option is kept.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(DESCRIBE, MODIFY, DESCRIBE);
  }

  @Override
  protected Optional<String> target(Resource resource) {
    return Optional.of(ResourceIds.lastPathSegment(resource.getId()));
  }

  @Override
  protected State read(Calls calls) {
    return State.of(calls.call(DESCRIBE).client(Ec2Client::builder)
        .describeInstances(r -> r.instanceIds(calls.target()))
        .reservations().get(0).instances().get(0).metadataOptions());
  }

  @Override
  protected boolean compliant(State state) {
    return HttpTokensState.REQUIRED.toString().equals(state.httpTokens());
  }

  @Override
  protected String plan(State before) {
    return "set HttpTokens from " + before.httpTokens() + " to required";
  }

  @Override
  protected void change(Calls calls, State before) {
    calls.call(MODIFY).client(Ec2Client::builder)
        .modifyInstanceMetadataOptions(r -> r.instanceId(calls.target()).httpTokens(HttpTokensState.REQUIRED)
            .httpEndpoint(before.httpEndpoint()).httpPutResponseHopLimit(before.hopLimit())
            .instanceMetadataTags(before.metadataTags()).httpProtocolIpv6(before.ipv6()));
  }
}
