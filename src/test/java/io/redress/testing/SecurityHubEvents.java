package io.redress.testing;

import java.time.Instant;
import java.util.UUID;

/** Raw EventBridge "Security Hub Findings - Imported" events, as they arrive on redress.findings.raw. */
public final class SecurityHubEvents {

  private SecurityHubEvents() {
  }

  /** A failed S3.8 finding on one bucket; the finding id is stable per bucket, as Security Hub keeps it. */
  public static String publicBucket(String account, String bucket, Instant observed) {
    String id = "arn:aws:securityhub:us-east-1:" + account + ":security-control/S3.8/finding/" + bucket;
    return """
        {"version": "0", "id": "%s", "detail-type": "Security Hub Findings - Imported", "source": "aws.securityhub",
         "account": "%s", "time": "%s", "region": "us-east-1", "resources": [],
         "detail": {"findings": [{
           "SchemaVersion": "2018-10-08", "Id": "%s",
           "ProductArn": "arn:aws:securityhub:us-east-1::product/aws/securityhub", "ProductName": "Security Hub",
           "GeneratorId": "security-control/S3.8", "AwsAccountId": "%s", "Region": "us-east-1",
           "Types": ["Software and Configuration Checks/Industry and Regulatory Standards"],
           "CreatedAt": "%s", "UpdatedAt": "%s",
           "Severity": {"Label": "HIGH"}, "Title": "S3 general purpose buckets should block public access",
           "Resources": [{"Type": "AwsS3Bucket", "Id": "arn:aws:s3:::%s", "Partition": "aws", "Region": "us-east-1"}],
           "Compliance": {"Status": "FAILED", "SecurityControlId": "S3.8"},
           "Workflow": {"Status": "NEW"}, "RecordState": "ACTIVE"}]}}
        """.formatted(UUID.randomUUID(), account, observed, id, account, observed, observed, bucket);
  }
}
