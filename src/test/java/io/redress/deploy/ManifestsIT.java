package io.redress.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/base against the Kubernetes 1.37 schemas, by kubernetes-validate (pinned in requirements-test.txt; it
 * ships the schemas, so it runs offline) in strict mode: a misspelled or misplaced field fails too. KEDA's
 * ScaledObject and TriggerAuthentication are custom resources the core schemas do not hold: the validator only
 * warns about them, and {@code KubernetesManifestsTest} checks their structure against the workloads instead.
 */
class ManifestsIT {

  private static final List<String> CUSTOM_RESOURCES = List.of("autoscaling.yaml");

  @Test
  void everyCoreObjectOfTheBaseValidatesStrictlyAgainstTheKubernetesSchemas() throws Exception {
    List<Path> files = Manifests.baseFiles().stream()
        .filter(file -> !List.of("kustomization.yaml", "redress.yaml").contains(file.getFileName().toString()))
        .filter(file -> !CUSTOM_RESOURCES.contains(file.getFileName().toString()))
        .toList();
    long objects = files.stream().mapToLong(file -> Manifests.documents(file).size()).sum();

    Validation validation = validate(files);

    assertThat(objects).as("core objects in %s", files).isPositive();
    assertThat(validation.exit()).as(validation.output()).isZero();
    assertThat(validation.output().lines().filter(line -> line.contains(" passed for resource "))).hasSize(
        (int) objects);
    assertThat(validation.output()).doesNotContain("Couldn't find schema");
  }

  @Test
  void theValidatorRejectsAWorkloadWithAFieldTheSchemaDoesNotHave(@TempDir Path directory) throws Exception {
    Path broken = directory.resolve("streams.yaml");
    Files.writeString(broken, Manifests.read(Manifests.BASE.resolve("streams.yaml"))
        .replace("  podManagementPolicy: Parallel", "  podManagementPolicy: Parallel\n  replicaCount: 2"));

    Validation validation = validate(List.of(broken));

    assertThat(validation.exit()).as(validation.output()).isNotZero();
    assertThat(validation.output()).contains("replicaCount");
  }

  @Test
  void theKedaObjectsAreNamedAsCustomResourcesTheCoreSchemasDoNotHold() throws Exception {
    List<Path> custom = CUSTOM_RESOURCES.stream().map(Manifests.BASE::resolve).toList();
    List<Map<String, Object>> objects = Manifests.documents(custom.get(0));

    Validation validation = validate(custom);

    assertThat(objects).isNotEmpty()
        .allSatisfy(object -> assertThat(object.get("apiVersion")).isEqualTo("keda.sh/v1alpha1"));
    assertThat(validation.exit()).as(validation.output()).isZero();
    assertThat(validation.output().lines().filter(line -> line.contains("Couldn't find schema for kind")))
        .hasSize(objects.size());
  }

  private record Validation(int exit, String output) {
  }

  private static Validation validate(List<Path> files) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(validator().toString(), "--strict", "--kubernetes-version",
        "1.37.0"));
    files.forEach(file -> command.add(file.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Validation(process.exitValue(), output);
  }

  /** Beside moto in the test tools' virtual environment: $REDRESS_MOTO_SERVER's directory, else .venv/bin. */
  private static Path validator() {
    String moto = System.getenv("REDRESS_MOTO_SERVER");
    Path bin = moto != null && !moto.isBlank() ? Path.of(moto).toAbsolutePath().getParent()
        : Manifests.ROOT.resolve(".venv/bin");
    Path validator = bin.resolve("kubernetes-validate");
    if (!Files.isExecutable(validator)) {
      throw new IllegalStateException("kubernetes-validate not found at " + validator + ". Install the test tools at "
          + "the project root with 'python3 -m venv .venv && .venv/bin/pip install -r requirements-test.txt'.");
    }
    return validator;
  }
}
