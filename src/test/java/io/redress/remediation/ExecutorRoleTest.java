package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.RemediationCommand;
import io.redress.contract.Resource;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutorRoleTest {

  private static final String ACCOUNT = "111122223333";

  @Test
  void aMultiRegionTrailsCommandsShareTheLaneOfItsHomeRegionWhereTheirCallsGo() {
    String trail = "arn:aws:cloudtrail:us-east-1:" + ACCOUNT + ":trail/org";

    assertThat(ExecutorRole.lane(command("AwsCloudTrailTrail", trail, "eu-west-1")))
        .isEqualTo(ExecutorRole.lane(command("AwsCloudTrailTrail", trail, "us-east-1")))
        .isEqualTo(ACCOUNT + "/us-east-1");
  }

  @Test
  void anyOtherResourcesCommandsRunInTheLaneOfTheirAccountAndRegion() {
    assertThat(ExecutorRole.lane(command("AwsS3Bucket", "arn:aws:s3:::exports", "eu-west-1")))
        .isEqualTo(ACCOUNT + "/eu-west-1");
  }

  private static RemediationCommand command(String type, String id, String region) {
    return RemediationCommand.newBuilder()
        .setCommandId("command-1").setDecisionId("decision-1").setFindingId("finding-1").setControl("CloudTrail.2")
        .setAction("cloudtrail-encrypt-logs").setDryRun(false).setIssuedAt(Instant.parse("2026-11-01T09:00:00Z"))
        .setResource(Resource.newBuilder().setType(type).setId(id).setAccount(ACCOUNT).setRegion(region)
            .setTags(Map.of()).build())
        .build();
  }
}
