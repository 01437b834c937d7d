package io.redress.resource;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * S3's naming rules for general purpose buckets (Amazon S3 User Guide, "General purpose bucket naming rules"). A
 * name that breaks them cannot be a bucket, so whatever claims to be one is not acted on. Buckets created in
 * us-east-1 before March 2018 could break some of these rules; Security Hub reports such a legacy bucket like any
 * other, and it is rejected here rather than guessed at.
 */
final class BucketNames {

  private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
  private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
  /** Reserved for access point and Object Lambda aliases, Multi-Region Access Points, directory and table buckets. */
  private static final List<String> RESERVED_SUFFIXES = List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3");

  private BucketNames() {
  }

  /** What is wrong with {@code name} as a bucket name, in words that never repeat it; empty when nothing is. */
  static Optional<String> problem(String name) {
    if (name.length() < 3 || name.length() > 63) {
      return Optional.of("it has " + name.length() + " characters, not 3 to 63");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isLowercaseLetterOrDigit(c) && c != '.' && c != '-') {
        return Optional.of("it holds " + Characters.describe(c)
            + ", but only lowercase letters, digits, dots and hyphens are allowed");
      }
    }
    if (!isLowercaseLetterOrDigit(name.charAt(0)) || !isLowercaseLetterOrDigit(name.charAt(name.length() - 1))) {
      return Optional.of("it must begin and end with a lowercase letter or a digit");
    }
    if (name.contains("..")) {
      return Optional.of("it holds two adjacent dots");
    }
    if (IP_ADDRESS.matcher(name).matches()) {
      return Optional.of("it is formatted as an IP address");
    }
    for (String prefix : RESERVED_PREFIXES) {
      if (name.startsWith(prefix)) {
        return Optional.of("it starts with the reserved prefix " + prefix);
      }
    }
    for (String suffix : RESERVED_SUFFIXES) {
      if (name.endsWith(suffix)) {
        return Optional.of("it ends with the reserved suffix " + suffix);
      }
    }
    return Optional.empty();
  }

  private static boolean isLowercaseLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
