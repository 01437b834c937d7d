package io.redress.remediation;

import io.redress.contract.RemediationStatus;
import io.redress.contract.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns on all four bucket-level Block Public Access settings (Security Hub S3.2, S3.3 and S3.8). Like every bucket
 * action, it acts only on a bucket owned by the finding's account (see {@link BucketAction}), and like every action it
 * reads the settings back for a while after its PUT, until S3 shows them ({@link Settling}): S3's bucket settings are
 * eventually consistent, so a read right after the PUT may still answer with the settings before it.
 */
public final class S3BlockPublicAccess implements RemediationAction {

  static final String GET = "s3:GetBucketPublicAccessBlock";
  static final String PUT = "s3:PutBucketPublicAccessBlock";

  /** S3's answer for a bucket that has never had the settings: the same as all four off. */
  private static final String NO_CONFIGURATION = "NoSuchPublicAccessBlockConfiguration";

  private final Settling.Waiting waiting;

  public S3BlockPublicAccess() {
    this(Settling.Waiting.SYSTEM);
  }

  /** @param waiting the time a run waits in for S3 to show its change */
  S3BlockPublicAccess(Settling.Waiting waiting) {
    this.waiting = waiting;
  }

  @Override
  public String name() {
    return "s3-block-public-access";
  }

  @Override
  public Set<String> controls() {
    return Set.of("S3.2", "S3.3", "S3.8");
  }

  @Override
  public String resourceType() {
    return "AwsS3Bucket";
  }

  @Override
  public List<String> permissions() {
    return List.of(GET, PUT, LiveTags.S3_BUCKET_TAGS);
  }

  @Override
  public Optional<LiveTags> liveTags() {
    return Optional.of(LiveTags.S3_BUCKET);
  }

  @Override
  public String summary() {
    return "Turns on BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets on the bucket.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(GET, PUT, GET);
  }

  @Override
  public ActionOutcome execute(AwsSession session, Resource resource, boolean dryRun) {
    String bucket = BucketAction.bucketName(resource.getId());
    if (bucket.isEmpty()) {
      return ActionOutcome.failed("no bucket name in resource id '" + resource.getId() + "'", null, List.of());
    }
    S3Client s3 = session.s3();
    List<String> calls = new ArrayList<>();
    Settings before = null;
    try {
      calls.add(GET);
      before = read(s3, bucket);
      if (before.allOn()) {
        return new ActionOutcome(RemediationStatus.ALREADY_COMPLIANT, before.json(), before.json(),
            "bucket " + bucket + " already blocks all public access", calls);
      }
      if (dryRun) {
        return new ActionOutcome(RemediationStatus.DRY_RUN, before.json(), Settings.ALL_ON.json(),
            "dry run: would turn on " + before.missing() + " on bucket " + bucket + "; nothing changed",
            plannedCalls());
      }
      calls.add(PUT);
      s3.putPublicAccessBlock(request -> request.bucket(bucket).publicAccessBlockConfiguration(Settings.ALL_ON.toAws()));
      Settling.Settled<Settings> readBack = new Settling(CheckedChange.SETTLING, waiting).until(() -> {
        calls.add(GET);
        return read(s3, bucket);
      }, Settings::allOn);
      Settings after = readBack.answer();
      if (!after.allOn()) {
        return new ActionOutcome(RemediationStatus.FAILED, before.json(), after.json(),
            "bucket " + bucket + " still lacks " + after.missing() + " after " + PUT
                + CheckedChange.waited(readBack), calls);
      }
      return new ActionOutcome(RemediationStatus.APPLIED, before.json(), after.json(),
          "turned on " + before.missing() + " on bucket " + bucket, calls);
    } catch (SdkException e) {
      String json = before == null ? null : before.json();
      // Only the read-back follows the PUT: when it fails, the change was made and the result must say so.
      String made = calls.size() > 2 ? " after the change was made (turn on " + before.missing() + ")" : "";
      return ActionOutcome.failed(calls.get(calls.size() - 1) + " on bucket " + bucket + " failed" + made + ": "
          + BucketAction.reason(e, session.account()), json, calls);
    }
  }

  private static Settings read(S3Client s3, String bucket) {
    try {
      return Settings.of(s3.getPublicAccessBlock(request -> request.bucket(bucket)).publicAccessBlockConfiguration());
    } catch (S3Exception e) {
      if (e.awsErrorDetails() != null && NO_CONFIGURATION.equals(e.awsErrorDetails().errorCode())) {
        return Settings.ALL_OFF;
      }
      throw e;
    }
  }

  /** The four bucket-level settings; an unset one counts as off, as S3 treats it. */
  private record Settings(boolean blockPublicAcls, boolean ignorePublicAcls, boolean blockPublicPolicy,
      boolean restrictPublicBuckets) {

    static final Settings ALL_ON = new Settings(true, true, true, true);
    static final Settings ALL_OFF = new Settings(false, false, false, false);

    static Settings of(PublicAccessBlockConfiguration aws) {
      return new Settings(Boolean.TRUE.equals(aws.blockPublicAcls()), Boolean.TRUE.equals(aws.ignorePublicAcls()),
          Boolean.TRUE.equals(aws.blockPublicPolicy()), Boolean.TRUE.equals(aws.restrictPublicBuckets()));
    }

    boolean allOn() {
      return equals(ALL_ON);
    }

    PublicAccessBlockConfiguration toAws() {
      return PublicAccessBlockConfiguration.builder()
          .blockPublicAcls(blockPublicAcls).ignorePublicAcls(ignorePublicAcls)
          .blockPublicPolicy(blockPublicPolicy).restrictPublicBuckets(restrictPublicBuckets)
          .build();
    }

    List<String> missing() {
      List<String> off = new ArrayList<>();
      if (!blockPublicAcls) {
        off.add("BlockPublicAcls");
      }
      if (!ignorePublicAcls) {
        off.add("IgnorePublicAcls");
      }
      if (!blockPublicPolicy) {
        off.add("BlockPublicPolicy");
      }
      if (!restrictPublicBuckets) {
        off.add("RestrictPublicBuckets");
      }
      return off;
    }

    String json() {
      return String.format("{\"BlockPublicAcls\":%b,\"IgnorePublicAcls\":%b,\"BlockPublicPolicy\":%b,"
          + "\"RestrictPublicBuckets\":%b}", blockPublicAcls, ignorePublicAcls, blockPublicPolicy, restrictPublicBuckets);
    }
  }
}
