package io.redress.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The secure snippets every lesson teaches are proven secure by Checkov (run once over {@code templates/lessons},
 * from {@code .venv-checkov}, which {@code ./redress test} installs from {@code requirements-checkov.txt}): each
 * check id in a folder's {@code checkov.txt} passes on its snippet, and fails on the insecure "before", so the check
 * really looks at what the lesson is about.
 */
class SnippetCheckovIT {

  private static final Path LESSONS = Path.of("templates/lessons");
  private static final Path CHECKOV = Path.of(".venv-checkov/bin/checkov");
  private static final Map<String, String> SNIPPET = Map.of(
      "terraform", "terraform.tf", "cloudformation", "cloudformation.yaml");
  /**
   * Forms Checkov has no built-in check for: listed here so the gap is visible and cannot grow unnoticed. Where
   * CloudFormation has no resource for the setting, there is no CloudFormation snippet at all. (S3.4:
   * CKV_AWS_19 passes a bucket without encryption settings in either form, as S3 has encrypted new objects by default since 2023.)
   */
  private static final Set<String> UNCHECKED = Set.of(
      "S3.1 terraform", "S3.4 terraform", "S3.4 cloudformation", "S3.5 terraform", "S3.5 cloudformation",
      "S3.6 terraform", "S3.6 cloudformation",
      "EC2.1 terraform", "EC2.18 terraform", "EC2.18 cloudformation", "EC2.19 terraform", "EC2.19 cloudformation",
      "IAM.3 terraform", "IAM.8 terraform", "Lambda.1 cloudformation");

  /** "passed CKV_AWS_53 /S3.8/terraform.tf" for every result. */
  private static final Set<String> results = new HashSet<>();

  @BeforeAll
  static void runCheckov() throws IOException, InterruptedException {
    assertThat(CHECKOV).as("Checkov, installed by ./redress test from requirements-checkov.txt").isExecutable();
    Path report = Files.createTempFile("checkov-", ".json");
    Process checkov = new ProcessBuilder(CHECKOV.toString(), "-d", LESSONS.toString(),
        "--framework", "terraform", "cloudformation", "-o", "json", "--compact", "--skip-download", "--soft-fail")
        .redirectOutput(report.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(checkov.waitFor(5, TimeUnit.MINUTES)).as("Checkov finished").isTrue();
    assertThat(checkov.exitValue()).as("Checkov's exit status").isZero();
    JsonNode root = new ObjectMapper().readTree(report.toFile());
    for (JsonNode framework : root.isArray() ? root : List.of(root)) {
      for (String outcome : List.of("passed", "failed")) {
        for (JsonNode check : framework.path("results").path(outcome + "_checks")) {
          results.add(outcome + " " + check.path("check_id").asText() + " " + check.path("file_path").asText());
        }
      }
    }
  }

  static Stream<String> controls() throws IOException {
    try (Stream<Path> folders = Files.list(LESSONS)) {
      return folders.filter(folder -> Files.exists(folder.resolve("checkov.txt")))
          .map(folder -> folder.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("controls")
  void theSecureSnippetsPassTheirChecksAndTheInsecureBeforeFailsThem(String control) throws IOException {
    Map<String, List<String>> checks = checks(control);
    for (Map.Entry<String, List<String>> framework : checks.entrySet()) {
      String file = SNIPPET.get(framework.getKey());
      for (String check : framework.getValue()) {
        assertThat(outcomes(check, "/" + control + "/" + file)).as("%s %s on %s", control, check, file)
            .containsExactly("passed");
        assertThat(outcomes(check, "/" + control + "/before/" + file))
            .as("%s %s on the insecure before/%s", control, check, file).containsExactly("failed");
      }
    }
  }

  @Test
  void everySnippetWithoutACheckIsAKnownGap() throws IOException {
    Set<String> unchecked = new TreeSet<>();
    for (String control : controls().toList()) {
      Map<String, List<String>> checks = checks(control);
      SNIPPET.forEach((framework, file) -> {
        if (Files.exists(LESSONS.resolve(control).resolve(file)) && !checks.containsKey(framework)) {
          unchecked.add(control + " " + framework);
        }
      });
    }
    assertThat(unchecked).containsExactlyInAnyOrderElementsOf(UNCHECKED);
  }

  /** What Checkov said of one check on one file: nothing when it did not look, else passed or failed. */
  private static List<String> outcomes(String check, String file) {
    return List.of("passed", "failed").stream()
        .filter(outcome -> results.contains(outcome + " " + check + " " + file)).toList();
  }

  private static Map<String, List<String>> checks(String control) throws IOException {
    Map<String, List<String>> checks = new LinkedHashMap<>();
    for (String line : Files.readAllLines(LESSONS.resolve(control).resolve("checkov.txt"))) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] frameworkAndIds = line.split(":", 2);
      assertThat(SNIPPET).as("framework in %s/checkov.txt", control).containsKey(frameworkAndIds[0].strip());
      checks.put(frameworkAndIds[0].strip(), new ArrayList<>(List.of(frameworkAndIds[1].strip().split("\\s+"))));
    }
    return checks;
  }
}
