package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.cli.Cli.Run;
import org.junit.jupiter.api.Test;

class CatalogueCommandTest {

  @Test
  void aResourceTagLimitsThePrintedPolicyWithItsCondition() {
    Run run = Cli.redress("catalogue", "--iam-policy", "--resource-tag", "redress=managed");

    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("limited to resources tagged redress=managed")
        .contains("\"aws:ResourceTag/redress\" : \"managed\"").contains("\"Sid\" : \"NotLimitableByResourceTag\"");
  }

  @Test
  void aResourceTagWithoutKeyAndValueIsRefused() {
    Run run = Cli.redress("catalogue", "--iam-policy", "--resource-tag", "managed");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("expected KEY=VALUE (e.g. redress=managed), got 'managed'");
    assertThat(run.out()).doesNotContain("Statement");
  }

  @Test
  void aTagKeyReservedByAwsIsRefused() {
    Run run = Cli.redress("catalogue", "--iam-policy", "--resource-tag", "aws:cloudformation:stack-name=x");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("tag keys starting with aws: are AWS's own");
  }

  @Test
  void aResourceTagWithoutTheIamPolicyIsRefused() {
    Run run = Cli.redress("catalogue", "--resource-tag", "redress=managed");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("--resource-tag limits the IAM policy: give it with --iam-policy");
  }
}
