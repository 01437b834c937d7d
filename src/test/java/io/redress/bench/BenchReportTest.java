package io.redress.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchReportTest {

  private static BucketFix.Contender contender(double seconds, int fixed) {
    return new BucketFix.Contender("contender", seconds, fixed, "");
  }

  @Test
  void aContenderThatFixedEveryBucketIsComparedByItsTime() {
    assertThat(BenchReport.speedup(contender(40, 1000), contender(10, 1000), 1000)).isEqualTo("4.00x the speed");
  }

  @Test
  void redressLeavingOneBucketPublicGetsNoRatioHoweverFastItWas() {
    assertThat(BenchReport.speedup(contender(40, 1000), contender(1, 999), 1000))
        .isEqualTo("no ratio: Redress fixed 999 of 1,000 buckets");
  }

  @Test
  void aBaselineLeavingOneBucketPublicGetsNoRatioEither() {
    assertThat(BenchReport.speedup(contender(40, 999), contender(10, 1000), 1000))
        .isEqualTo("no ratio: the baseline fixed 999 of 1,000 buckets");
  }

  @Test
  void aBaselineThatDidNotRunHasNoRatio() {
    assertThat(BenchReport.speedup(new BucketFix.Contender("Cloud Custodian", null, 0, "not installed"),
        contender(10, 1000), 1000)).isEqualTo("-");
  }
}
