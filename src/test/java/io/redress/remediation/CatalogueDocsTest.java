package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CatalogueDocsTest {

  private static final ResourceTag MANAGED = new ResourceTag("redress", "managed");

  private final RemediationCatalogue catalogue = RemediationCatalogue.discover();

  @Test
  void theRemediatorPolicyGrantsExactlyTheDeclaredPermissions() throws Exception {
    JsonNode policy = new ObjectMapper().readTree(CatalogueDocs.remediatorPolicy(catalogue));

    List<String> granted = new ArrayList<>();
    policy.get("Statement").forEach(statement -> statement.get("Action").forEach(action -> granted.add(action.asText())));
    List<String> declared = catalogue.actions().stream().flatMap(action -> action.permissions().stream()).toList();
    assertThat(granted).containsExactlyInAnyOrderElementsOf(declared).noneMatch(action -> action.contains("*"));
    assertThat(policy.get("Statement")).anySatisfy(statement ->
        assertThat(statement.get("Sid").asText()).isEqualTo("S3BlockPublicAccess"));
  }

  /** CloudTrail.1 is reported on the account, but the exceptions on the trail it would change may name its tags. */
  @Test
  void cloudTrail1MayReadTheTagsOfTheTrailItWouldChange() throws Exception {
    JsonNode policy = new ObjectMapper().readTree(CatalogueDocs.remediatorPolicy(catalogue));

    assertThat(policy.get("Statement")).anySatisfy(statement -> {
      assertThat(statement.get("Sid").asText()).isEqualTo("CloudtrailLoggingOn");
      List<String> actions = new ArrayList<>();
      statement.get("Action").forEach(action -> actions.add(action.asText()));
      assertThat(actions).contains(LiveTags.TRAIL_TAGS, TrailLogging.START);
    });
  }

  /** Lambda.1 writes statements for S3 alone: the permission to write any other is not granted. */
  @Test
  void addingAFunctionPermissionIsGrantedForS3AloneAndOnTaggedFunctionsInTheTagLimitedPolicy() throws Exception {
    JsonNode plain = new ObjectMapper().readTree(CatalogueDocs.remediatorPolicy(catalogue));
    JsonNode tagLimited = new ObjectMapper().readTree(CatalogueDocs.remediatorPolicy(catalogue, MANAGED));

    assertThat(statementsGranting(plain, LambdaNotPublic.ADD)).singleElement().satisfies(statement -> {
      assertThat(statement.get("Action").toString()).isEqualTo("[\"lambda:AddPermission\"]");
      assertThat(statement.get("Condition").toString())
          .isEqualTo("{\"StringEquals\":{\"lambda:Principal\":\"s3.amazonaws.com\"}}");
    });
    assertThat(statementsGranting(tagLimited, LambdaNotPublic.ADD)).singleElement().satisfies(statement ->
        assertThat(statement.get("Condition").toString()).isEqualTo("{\"StringEquals\":{\"aws:ResourceTag/redress\""
            + ":\"managed\",\"lambda:Principal\":\"s3.amazonaws.com\"}}"));
  }

  private static List<JsonNode> statementsGranting(JsonNode policy, String permission) {
    List<JsonNode> granting = new ArrayList<>();
    policy.get("Statement").forEach(statement -> statement.get("Action").forEach(action -> {
      if (action.asText().equals(permission)) {
        granting.add(statement);
      }
    }));
    return granting;
  }

  @Test
  void theRemediatorPolicyFitsTheSizeOfOneManagedPolicy() {
    // IAM counts a managed policy's characters without whitespace, and refuses one over 6,144.
    assertThat(CatalogueDocs.remediatorPolicy(catalogue).replaceAll("\\s", "")).hasSizeLessThanOrEqualTo(6144);
  }

  @Test
  void theTagLimitedPolicyGrantsTheSamePermissionsEachOnce() throws Exception {
    JsonNode policy = new ObjectMapper().readTree(CatalogueDocs.remediatorPolicy(catalogue, MANAGED));

    List<String> granted = new ArrayList<>();
    policy.get("Statement").forEach(statement -> statement.get("Action").forEach(action -> granted.add(action.asText())));
    Set<String> declared = catalogue.actions().stream().flatMap(action -> action.permissions().stream())
        .collect(Collectors.toSet());
    assertThat(granted).doesNotHaveDuplicates();
    assertThat(new HashSet<>(granted)).isEqualTo(declared);
    assertThat(conditioned(policy)).doesNotContainAnyElementsOf(unconditioned(policy));
  }

  @Test
  void resourceLevelCallsCarryTheTagConditionAndAccountLevelOrListingCallsDoNot() throws Exception {
    JsonNode policy = new ObjectMapper().readTree(CatalogueDocs.remediatorPolicy(catalogue, MANAGED));

    policy.get("Statement").forEach(statement -> {
      if (statement.has("Condition") && !statement.get("Action").toString().contains(LambdaNotPublic.ADD)) {
        assertThat(statement.get("Condition").toString())
            .isEqualTo("{\"StringEquals\":{\"aws:ResourceTag/redress\":\"managed\"}}");
      }
    });
    assertThat(conditioned(policy)).contains("ec2:RevokeSecurityGroupIngress", "s3:PutBucketPublicAccessBlock",
        "iam:UpdateAccessKey", "rds:ModifyDBInstance", "lambda:RemovePermission", "cloudtrail:StartLogging",
        "cloudtrail:PutEventSelectors");
    assertThat(unconditioned(policy)).containsExactlyElementsOf(CatalogueDocs.notByTag(catalogue).keySet())
        .contains("s3:PutAccountPublicAccessBlock", "ec2:EnableEbsEncryptionByDefault",
            "iam:UpdateAccountPasswordPolicy", "ec2:DescribeSecurityGroupRules", "cloudtrail:DescribeTrails",
            "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors", "kms:CreateKey");
  }

  @Test
  void theTagLimitedPolicyFitsOneManagedPolicyWithTheLongestTagAwsAllows() {
    ResourceTag longest = new ResourceTag("k".repeat(128), "v".repeat(256));

    assertThat(CatalogueDocs.remediatorPolicy(catalogue, longest).replaceAll("\\s", ""))
        .hasSizeLessThanOrEqualTo(6144);
  }

  @Test
  void aPermissionNobodyClassifiedStopsThePolicyRatherThanGuessing() {
    RemediationAction unclassified = new Declaring("s3-bucket-logging", "S3.9", "s3:GetBucketLogging");

    assertThatThrownBy(() -> CatalogueDocs.remediatorPolicy(new RemediationCatalogue(List.of(unclassified)), MANAGED))
        .hasMessageContaining("s3:GetBucketLogging is declared by an action but ResourceTagSupport does not say");
  }

  @Test
  void aPermissionOneActionNeedsWithoutAConditionIsGrantedSoOnceThoughAnotherActionNarrowsIt() throws Exception {
    RemediationCatalogue both = new RemediationCatalogue(List.of(new LambdaNotPublic(),
        new Declaring("lambda-wide", "Lambda.9", LambdaNotPublic.ADD)));

    JsonNode plain = new ObjectMapper().readTree(CatalogueDocs.remediatorPolicy(both));
    JsonNode tagLimited = new ObjectMapper().readTree(CatalogueDocs.remediatorPolicy(both, MANAGED));

    assertThat(statementsGranting(plain, LambdaNotPublic.ADD)).extracting(statement -> statement.get("Sid").asText())
        .containsExactlyInAnyOrder("LambdaWide", "LambdaRemovePublicAccessLambdaAddPermission");
    assertThat(statementsGranting(tagLimited, LambdaNotPublic.ADD)).singleElement()
        .satisfies(statement -> assertThat(statement.get("Sid").asText()).isEqualTo("LimitedByResourceTag"));
  }

  @Test
  void theReadmeListsThePermissionsNoTagCanLimit() throws Exception {
    assertThat(Files.readString(Path.of("README.md"))).contains(CatalogueDocs.markdownNotByTag(catalogue));
  }

  private static List<String> conditioned(JsonNode policy) {
    return actions(policy, true);
  }

  private static List<String> unconditioned(JsonNode policy) {
    return actions(policy, false);
  }

  private static List<String> actions(JsonNode policy, boolean withCondition) {
    List<String> actions = new ArrayList<>();
    policy.get("Statement").forEach(statement -> {
      if (statement.has("Condition") == withCondition) {
        statement.get("Action").forEach(action -> actions.add(action.asText()));
      }
    });
    return actions;
  }

  @Test
  void everyActionOnAResourceThatCarriesTagsMayReadThemAndNoAccountActionTries() {
    assertThat(catalogue.actions()).allSatisfy(action -> {
      if (action.resourceType().equals("AwsAccount")) {
        assertThat(action.liveTags()).as(action.name()).isEmpty();
      } else {
        assertThat(action.liveTags()).as(action.name()).isPresent();
        assertThat(action.permissions()).as(action.name()).containsAll(action.liveTags().get().permissions());
      }
    });
  }

  @Test
  void everyCatalogueControlIsClaimedByExactlyOneAction() {
    List<String> controls = catalogue.actions().stream().flatMap(action -> action.controls().stream()).toList();

    assertThat(controls).doesNotHaveDuplicates().containsExactlyInAnyOrder("S3.1", "S3.2", "S3.3", "S3.4", "S3.5",
        "S3.6", "S3.8", "S3.14", "EC2.1", "EC2.2", "EC2.7", "EC2.8", "EC2.13", "EC2.14", "EC2.18", "EC2.19", "RDS.1",
        "RDS.2", "IAM.3", "IAM.7", "IAM.8", "KMS.4", "CloudTrail.1", "CloudTrail.2", "CloudTrail.4", "Lambda.1",
        "SNS.1", "SQS.1");
  }

  @Test
  void theExecutorMayOnlyAssumeTheConfiguredRoles() throws Exception {
    var aws = ConfigLoader.fromYaml("""
        aws:
          accounts:
            "222233334444": {role-arn: "arn:aws:iam::222233334444:role/redress-remediator"}
        """, Map.of()).aws();

    JsonNode statement = new ObjectMapper().readTree(CatalogueDocs.executorAssumeRolePolicy(aws).orElseThrow())
        .get("Statement").get(0);
    assertThat(statement.get("Action").get(0).asText()).isEqualTo("sts:AssumeRole");
    assertThat(statement.get("Resource").asText()).isEqualTo("arn:aws:iam::222233334444:role/redress-remediator");
    assertThat(CatalogueDocs.executorAssumeRolePolicy(ConfigLoader.defaults(Map.of()).aws())).isEmpty();
  }

  @Test
  void theReadmeShowsTheGeneratedRemediationsTable() throws Exception {
    assertThat(Files.readString(Path.of("README.md"))).contains(CatalogueDocs.markdownTable(catalogue));
  }

  /** The README check above holds only if the table has a row for every action, naming each of its permissions. */
  @Test
  void theRemediationsTableHasARowForEveryActionWithItsPermissions() {
    List<String> rows = CatalogueDocs.markdownTable(catalogue).lines().skip(2).toList();

    assertThat(rows).hasSameSizeAs(catalogue.actions());
    assertThat(catalogue.actions()).allSatisfy(action -> assertThat(rows)
        .filteredOn(row -> row.startsWith("| `" + action.name() + "` |")).singleElement()
        .satisfies(row -> assertThat(row).contains(action.permissions().stream().map(p -> "`" + p + "`").toList())));
  }

  /** A reader told by the table's mark that a tag cannot limit a permission finds why in the list. */
  @Test
  void everyPermissionTheTableMarksAsNotLimitedByATagIsListedWithWhy() {
    Set<String> marked = new HashSet<>();
    Matcher mark = Pattern.compile("`([^`]+)`†")
        .matcher(CatalogueDocs.markdownTable(catalogue));
    while (mark.find()) {
      marked.add(mark.group(1));
    }
    List<String> listed = CatalogueDocs.markdownNotByTag(catalogue).lines().toList();

    assertThat(marked).isNotEmpty();
    assertThat(listed).hasSameSizeAs(marked).allSatisfy(line -> assertThat(line).matches("- `[^`]+`: \\S.*"));
    assertThat(listed).extracting(line -> line.substring(3, line.indexOf('`', 3))).containsExactlyInAnyOrderElementsOf(
        marked);
  }

  /** An action declaring a permission {@link ResourceTagSupport} has never heard of. */
  /** An action that only declares: its name, its one control and its permissions. */
  private record Declaring(String name, String control, String permission) implements RemediationAction {
    @Override
    public Set<String> controls() {
      return Set.of(control);
    }

    @Override
    public String resourceType() {
      return "AwsS3Bucket";
    }

    @Override
    public List<String> permissions() {
      return List.of(permission);
    }

    @Override
    public Optional<LiveTags> liveTags() {
      return Optional.empty();
    }

    @Override
    public String summary() {
      return "";
    }

    @Override
    public List<String> plannedCalls() {
      return permissions();
    }

    @Override
    public ActionOutcome execute(AwsSession session, io.redress.contract.Resource resource,
        io.redress.exceptions.LastLook exceptions, boolean dryRun) {
      throw new UnsupportedOperationException("never run");
    }
  }
}
