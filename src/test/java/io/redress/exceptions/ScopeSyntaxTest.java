package io.redress.exceptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.contract.Resource;
import io.redress.operations.InvalidInput;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeSyntaxTest {

  @Test
  void fieldsInAnyOrderGiveTheCanonicalKey() {
    assertThat(ScopeSyntax.parse("resource=arn:aws:s3:::acme-site; control=S3.8").key())
        .isEqualTo("control=S3.8;resource=arn:aws:s3:::acme-site");
  }

  @Test
  void aTagKeepsTheEqualsSignInsideItsValue() {
    assertThat(ScopeSyntax.parse("tag=env=sandbox;control=S3.8").key()).isEqualTo("control=S3.8;tag=env=sandbox");
  }

  @Test
  void aTagValueMayHoldSpaces() {
    assertThat(ScopeSyntax.parse("tag=team=data platform").tag()).isEqualTo("team=data platform");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''                                        | scope: empty",
      "control                                   | 'control' is not name=value",
      "owner=alice                               | unknown field 'owner'",
      "control=S3.8;control=S3.2                 | control is given twice",
      "control=                                  | control is empty",
      "account=1234                              | account '1234' is not a 12-digit account id",
      "region=Mars                               | region 'Mars' is not a region like us-east-1",
      "control=public buckets                    | control 'public buckets' is not a control id like S3.8",
      "tag=sandbox                               | tag 'sandbox' is not key=value",
      "tag==sandbox                              | tag '=sandbox' is not key=value",
      "=S3.8                                     | unknown field ''",
      "resource=arn:aws:s3:::a b                 | must be at most 2048 characters without control characters",
      "account=111122223333;resource=arn:aws:s3:::x | no finding is ever matched by account+resource",
      "region=us-east-1;tag=env=dev              | no finding is ever matched by region+tag; use one of"
          + " control+resource, resource, control+tag, tag, account+region+control, account+control,"
          + " account+region, account, region+control, region, control",
      "'tag=team=data\tplatform'                  | without control characters, ';' or whitespace other than spaces"})
  void aScopeThatCouldNeverApplyIsRefusedSayingWhy(String scope, String message) {
    assertThatThrownBy(() -> ScopeSyntax.parse(scope)).isInstanceOf(InvalidInput.class).hasMessageContaining(message);
  }

  /** Readers make these ARNs when they read a finding, so an exception on them would except nothing. */
  @ParameterizedTest
  @ValueSource(strings = {"acme-public-website", "sg-0a1b2c3d4e5f60718", "i-0123456789abcdef0", "111122223333",
      "prod-db", "https://sqs.us-east-1.amazonaws.com/111122223333/orders"})
  void aResourceNamedAsNoFindingNamesItIsRefusedNamingTheForms(String bare) {
    assertThatThrownBy(() -> ScopeSyntax.parse("control=S3.8;resource=" + bare))
        .isInstanceOf(InvalidInput.class)
        .hasMessageContaining("resource '" + bare + "' is not how a finding names a resource")
        .hasMessageContaining("arn:aws:s3:::<name>").hasMessageContaining("AWS::::Account:<account>");
  }

  /** One published before resources were checked must still be shown, traced and revoked. */
  @Test
  void aScopeNamingAPublishedExceptionMayNameTheResourceAsItWasWritten() {
    assertThat(ScopeSyntax.named("control=S3.8;resource=acme-public-website").key())
        .isEqualTo("control=S3.8;resource=acme-public-website");
    assertThatThrownBy(() -> ScopeSyntax.named("control=S3.8;resource=a b")).isInstanceOf(InvalidInput.class);
  }

  /** An account as Security Hub names it, and the ids findings keep that no ARN can be built from. */
  @ParameterizedTest
  @ValueSource(strings = {"AWS::::Account:111122223333", "db-ABCDEFGHIJKLMNOPQRSTUVWXY2", "ASIAJQABLZS4A3QDU576",
      "AKIAIOSFODNN7EXAMPLE", "AWS::IAM::AccessKey:AKIAIOSFODNN7EXAMPLE", "arn:aws:rds:us-east-1:111122223333:db:prod-db"})
  void aResourceAsFindingsNameItIsAccepted(String resource) {
    assertThat(ScopeSyntax.parse("resource=" + resource).resource()).isEqualTo(resource);
  }

  /** RDS keeps identifiers in lower case and findings are read so: an upper-case one would except nothing. */
  @ParameterizedTest
  @ValueSource(strings = {"arn:aws:rds:us-east-1:111122223333:db:PaymentsDB",
      "arn:aws:rds:us-east-1:111122223333:snapshot:Nightly-1"})
  void aDbInstanceOrSnapshotArnInUpperCaseIsRefusedNamingItInLowerCase(String resource) {
    assertThatThrownBy(() -> ScopeSyntax.parse("control=RDS.2;resource=" + resource))
        .isInstanceOf(InvalidInput.class)
        .hasMessageContaining("RDS keeps its identifiers in lower case")
        .hasMessageEndingWith("write it " + resource.toLowerCase(Locale.ROOT));
    assertThat(ScopeSyntax.named("control=RDS.2;resource=" + resource).resource()).isEqualTo(resource);
  }

  /** EC2.1 and CloudTrail.1 are reported on the account, and check the snapshots and trails they change. */
  @ParameterizedTest
  @ValueSource(strings = {"control=EC2.1;resource=arn:aws:ec2:us-east-1:111122223333:snapshot/snap-0123456789abcdef0",
      "control=EC2.1;tag=purpose=public-dataset",
      "control=CloudTrail.1;resource=arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-audit"})
  void anExceptionOnASnapshotOrTrailOfAnAccountWideControlIsAccepted(String scope) {
    assertThat(ScopeSyntax.parse(scope).key()).isEqualTo(scope);
  }

  @Test
  void aSnapshotArnWithoutItsAccountIsRefusedAsItWouldExceptNothing() {
    String resource = "arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0";

    assertThatThrownBy(() -> ScopeSyntax.parse("control=EC2.1;resource=" + resource))
        .isInstanceOf(InvalidInput.class)
        .hasMessageContaining("names an EBS snapshot without its account")
        .hasMessageContaining("arn:<partition>:ec2:<region>:<account>:snapshot/<id>");
    assertThat(ScopeSyntax.named("control=EC2.1;resource=" + resource).resource()).isEqualTo(resource);
  }

  @Test
  void anRdsClusterOrAnotherServicesArnInUpperCaseIsKeptAsWritten() {
    for (String resource : List.of("arn:aws:rds:us-east-1:111122223333:cluster:Aurora-Prod",
        "arn:aws:s3:::Legacy-Bucket", "arn:aws:iam::111122223333:user/Alice")) {
      assertThat(ScopeSyntax.parse("resource=" + resource).resource()).isEqualTo(resource);
    }
  }

  /** A finding naming a user by its unique id is rejected when read, so an exception on that id would except nothing. */
  @Test
  void anIamUsersUniqueIdIsRefused() {
    assertThatThrownBy(() -> ScopeSyntax.parse("control=IAM.3;resource=AIDAJQABLZS4A3QDU576Q"))
        .isInstanceOf(InvalidInput.class).hasMessageContaining("is not how a finding names a resource");
  }

  @Test
  void aValueOfTheMaximumLengthIsAcceptedAndOneCharacterMoreRefused() {
    String longest = "arn:aws:s3:::" + "b".repeat(2048 - "arn:aws:s3:::".length());
    assertThat(ScopeSyntax.parse("control=S3.8;resource=" + longest).resource()).isEqualTo(longest);
    assertThatThrownBy(() -> ScopeSyntax.parse("control=S3.8;resource=" + longest + "b"))
        .isInstanceOf(InvalidInput.class).hasMessageContaining("must be at most 2048 characters");
  }

  @Test
  void aControlCharacterInAValueIsRefusedAndEscapedInTheMessage() {
    assertThatThrownBy(() -> ScopeSyntax.parse("resource=arn:aws:s3:::x\u001b[2J"))
        .isInstanceOf(InvalidInput.class)
        .hasMessageContaining("\\u001b")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b"));
  }

  @Test
  void everyAcceptedShapeIsOneTheLookupProbes() {
    Resource resource = Resource.newBuilder().setType("AwsS3Bucket").setId("arn:aws:s3:::b")
        .setAccount("111122223333").setRegion("us-east-1").setTags(Map.of("env", "dev")).build();
    Set<String> probed = new HashSet<>(ExceptionScope.candidateKeys(resource, "S3.8"));
    for (Set<String> shape : ScopeSyntax.SHAPES) {
      Map<String, String> values = Map.of("account", "111122223333", "region", "us-east-1", "control", "S3.8",
          "resource", "arn:aws:s3:::b", "tag", "env=dev");
      String key = ScopeSyntax.of(values.entrySet().stream().filter(field -> shape.contains(field.getKey()))
          .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))).key();
      assertThat(probed).as("shape %s", shape).contains(key);
    }
    assertThat(ScopeSyntax.SHAPES).hasSize(List.copyOf(probed).size());
  }
}
