package io.redress.remediation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The four Block Public Access settings, which a bucket (S3.2, S3.3, S3.8) and an account (S3.1) have alike. They are
 * reported under AWS's own names, as S3 and S3 Control write them, so the state before and after a change reads the
 * same as AWS's console and CLI show it.
 */
record PublicAccessBlockSettings(
    @JsonProperty("BlockPublicAcls") boolean blockPublicAcls,
    @JsonProperty("IgnorePublicAcls") boolean ignorePublicAcls,
    @JsonProperty("BlockPublicPolicy") boolean blockPublicPolicy,
    @JsonProperty("RestrictPublicBuckets") boolean restrictPublicBuckets) {

  /** S3's and S3 Control's answer where the settings were never set. */
  private static final String NONE_SET = "NoSuchPublicAccessBlockConfiguration";

  /** From AWS's answer, in which a setting never set is absent: S3 treats it as off. */
  static PublicAccessBlockSettings of(Boolean blockPublicAcls, Boolean ignorePublicAcls, Boolean blockPublicPolicy,
      Boolean restrictPublicBuckets) {
    return new PublicAccessBlockSettings(Boolean.TRUE.equals(blockPublicAcls), Boolean.TRUE.equals(ignorePublicAcls),
        Boolean.TRUE.equals(blockPublicPolicy), Boolean.TRUE.equals(restrictPublicBuckets));
  }

  /** What {@code read} answers; all four off where AWS answers that the settings were never set, as S3 treats them. */
  static PublicAccessBlockSettings orAllOff(Supplier<PublicAccessBlockSettings> read) {
    try {
      return read.get();
    } catch (SdkException e) {
      if (CheckedChange.errorCode(e).filter(NONE_SET::equals).isPresent()) {
        return new PublicAccessBlockSettings(false, false, false, false);
      }
      throw e;
    }
  }

  boolean allOn() {
    return blockPublicAcls && ignorePublicAcls && blockPublicPolicy && restrictPublicBuckets;
  }

  /** The settings that are off, by AWS's names, e.g. "BlockPublicAcls, RestrictPublicBuckets". */
  String off() {
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
    return String.join(", ", off);
  }
}
