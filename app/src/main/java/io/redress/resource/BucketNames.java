package io.redress.resource;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * S3's naming rules for general purpose buckets (Amazon S3 User Guide, "General purpose bucket naming rules"). A
 * name that breaks them cannot be a bucket, so whatever claims to be one is not acted on. Buckets created in
 * us-east-1 before March 2018 followed looser rules that S3 still honours for them: up to 255 characters, upper
 * case letters and underscores, any first and last character of those. Security Hub reports such a legacy bucket
 * like any other, so in us-east-1 a name that fits the legacy rules is a bucket name too.
 */
final class BucketNames {

  /** Where buckets with legacy names live (the former US Standard region). */
  private static final String LEGACY_REGION = "us-east-1";
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
  private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
  /** Reserved for access point and Object Lambda aliases, Multi-Region Access Points, directory and table buckets. */
  private static final List<String> RESERVED_SUFFIXES = List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3");

  private BucketNames() {
  }

  /** What is wrong with {@code name} as a bucket name, in words that never repeat it; empty when nothing is. */
  static Optional<String> problem(String name, String region) {
    Optional<String> modern = modernProblem(name);
    return modern.isPresent() && LEGACY_REGION.equals(region) && legacyProblem(name).isEmpty()
        ? Optional.empty()
        : modern;
  }

  /** The rules of buckets created in us-east-1 before March 2018. */
  private static Optional<String> legacyProblem(String name) {
    if (name.length() < 3 || name.length() > 255) {
      return Optional.of("too long even for a legacy name");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isLowercaseLetterOrDigit(c) && !(c >= 'A' && c <= 'Z') && c != '.' && c != '-' && c != '_') {
        return Optional.of("not a legacy name");
      }
    }
    return name.contains("..") || IP_ADDRESS.matcher(name).matches() || reservedProblem(name).isPresent()
        ? Optional.of("not a legacy name")
        : Optional.empty();
  }

  private static Optional<String> modernProblem(String name) {
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
    return reservedProblem(name);
  }

  private static Optional<String> reservedProblem(String name) {
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
