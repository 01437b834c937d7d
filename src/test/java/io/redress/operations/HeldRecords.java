package io.redress.operations;

import io.redress.contract.RemediationCommand;
import io.redress.contract.Resource;
import java.time.Instant;

/** Held commands for the tests of what people decide about them. */
final class HeldRecords {

  private HeldRecords() {
  }

  /** A command {@code heldBy} held, on a bucket named after it. */
  static RemediationCommand held(String commandId, String heldBy) {
    Resource resource = Resource.newBuilder().setType("AwsS3Bucket").setId("arn:aws:s3:::" + commandId)
        .setAccount("111122223333").setRegion("us-east-1").build();
    return RemediationCommand.newBuilder().setCommandId(commandId).setDecisionId("decision-" + commandId)
        .setFindingId("finding-" + commandId).setControl("S3.8").setAction("s3-block-public-access")
        .setResource(resource).setDryRun(false).setIssuedAt(Instant.EPOCH).setHeldBy(heldBy).build();
  }
}
