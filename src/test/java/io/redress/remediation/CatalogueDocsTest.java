package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogueDocsTest {

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

  @Test
  void theRemediatorPolicyFitsTheSizeOfOneManagedPolicy() {
    // IAM counts a managed policy's characters without whitespace, and refuses one over 6,144.
    assertThat(CatalogueDocs.remediatorPolicy(catalogue).replaceAll("\\s", "")).hasSizeLessThanOrEqualTo(6144);
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
}
