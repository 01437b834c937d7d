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
    assertThat(policy.get("Statement").get(0).get("Sid").asText()).isEqualTo("S3BlockPublicAccess");
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
