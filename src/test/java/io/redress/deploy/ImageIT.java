package io.redress.deploy;

import static io.redress.deploy.KubernetesManifestsTest.container;
import static io.redress.deploy.KubernetesManifestsTest.value;
import static io.redress.deploy.KubernetesManifestsTest.workload;
import static io.redress.deploy.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.cli.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The image as deploy/image/build.sh writes it (no container engine runs here): an OCI archive a registry accepts,
 * whose configuration says what the Kubernetes manifests and compose expect, and whose layers, unpacked and started
 * in a user, mount and PID namespace of their own, run Redress on the image's own Java runtime as the image's user.
 */
@SuppressWarnings("unchecked")
class ImageIT {
  private static final Path ARCHIVE = Manifests.ROOT.resolve("target/image/redress-0.1.0.tar");
  private static final String IMAGE_USER_ID = "10001";

  private static OciImage image;
  private static Map<String, TarArchiveEntry> entries;

  @TempDir
  static Path rootfs;

  @BeforeAll
  static void buildTheImage() throws Exception {
    Path log = Files.createTempFile("image-build", ".log");
    Process build = new ProcessBuilder(Manifests.ROOT.resolve("deploy/image/build.sh").toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    build.waitFor(10, TimeUnit.MINUTES);
    assertThat(build.isAlive()).as("build.sh finished").isFalse();
    assertThat(build.exitValue()).as("build.sh exit status; its output:%n%s", Files.readString(log)).isZero();
    image = OciImage.read(ARCHIVE);
    entries = image.entries();
    image.unpack(rootfs);
  }

  @Test
  void everyBlobIsNamedByTheDigestOfItsContentAndEveryLayerListedByItsDiffId() {
    image.files.forEach((path, bytes) -> {
      if (path.startsWith("blobs/sha256/")) {
        assertThat(OciImage.sha256Of(bytes)).isEqualTo("sha256:" + path.substring("blobs/sha256/".length()));
      }
    });
    List<String> diffIds = image.layerDigests().stream().map(image::diffId).toList();

    assertThat(texts(image.config.at("/rootfs/diff_ids"))).isEqualTo(diffIds);
    assertThat(image.manifest.at("/layers/0/size").asLong())
        .isEqualTo(image.blob(image.layerDigests().get(0)).length);
    assertThat(new String(image.file("oci-layout"), StandardCharsets.UTF_8)).contains("\"imageLayoutVersion\"");
  }

  /** skopeo (Debian's package; `./redress test` installs it) is containers/image, what Podman and CRI-O use. */
  @Test
  void anIndependentOciImplementationCopiesTheArchiveCheckingEveryDigestAndReadsItsConfiguration(@TempDir Path copy)
      throws Exception {
    Run copied = host(List.of("skopeo", "copy", "--quiet", "oci-archive:" + ARCHIVE, "dir:" + copy.resolve("image")));
    Run config = host(List.of("skopeo", "inspect", "--config", "oci-archive:" + ARCHIVE));

    assertThat(copied.exit()).as(copied.output()).isZero();
    assertThat(config.exit()).as(config.output()).isZero();
    assertThat(new ObjectMapper().readTree(config.output()).get("config")).isEqualTo(image.config.get("config"));
  }

  @Test
  void theArchiveCarriesTheImageNameTheManifestsAndComposeRun() throws Exception {
    String manifests = (String) container(workload(Role.STREAMS)).get("image");
    JsonNode dockerManifest = new ObjectMapper().readTree(image.file("manifest.json"));

    assertThat(image.index.at("/manifests/0/annotations/io.containerd.image.name").asText()).isEqualTo(manifests);
    assertThat(image.index.at("/manifests/0/annotations/org.opencontainers.image.ref.name").asText())
        .isEqualTo(manifests.substring(manifests.lastIndexOf(':') + 1));
    assertThat(dockerManifest.at("/0/RepoTags/0").asText()).isEqualTo(manifests);
    assertThat((String) at(Manifests.document(Manifests.COMPOSE), "services", "redress-streams", "image"))
        .isEqualTo(manifests);
  }

  @Test
  void theImageRunsTheLauncherMainClassAsTheNonRootUserTheManifestsRequire() throws Exception {
    List<String> entrypoint = texts(image.config.at("/config/Entrypoint"));
    Map<String, Object> podSecurity = at(workload(Role.STREAMS), "spec", "template", "spec", "securityContext");

    assertThat(entrypoint.get(0)).isEqualTo("/opt/java/bin/java");
    assertThat(entries.get("opt/java/bin/java").getMode() & 0111).isNotZero();
    assertThat(entrypoint).endsWith("io.redress.cli.Main");
    Class.forName(entrypoint.get(entrypoint.size() - 1));
    assertThat(image.config.at("/config/User").asText())
        .isEqualTo(podSecurity.get("runAsUser") + ":" + podSecurity.get("runAsGroup"))
        .isEqualTo(IMAGE_USER_ID + ":" + IMAGE_USER_ID);
  }

  @Test
  void theImageExposesTheHttpRolesPortsAndRunsWithTheManifestsConfigurationAndDataPaths() {
    Map<String, Object> http = container(workload(Role.HTTP));
    List<String> ports = ((List<Map<String, Object>>) at(http, "ports")).stream()
        .map(port -> port.get("containerPort") + "/tcp").toList();
    List<String> command = texts(image.config.at("/config/Cmd"));
    List<String> args = at(http, "args");

    assertThat(ports).as("the webhooks' and the management port").hasSize(2);
    assertThat(image.config.at("/config/ExposedPorts").fieldNames()).toIterable()
        .containsExactlyInAnyOrderElementsOf(ports);
    assertThat(command.get(0)).isEqualTo("run");
    assertThat(value(command, "-c")).isEqualTo(value(args, "-c"));
    assertThat(value(command, "--data-dir")).isEqualTo(value(args, "--data-dir"))
        .isEqualTo(image.config.at("/config/WorkingDir").asText());
  }

  /**
   * The image's default is what the manifests set for the roles whose memory is nearly all heap; the streams pods
   * set a smaller share of their own, since their state stores live off the heap (KubernetesManifestsTest).
   */
  @ParameterizedTest
  @EnumSource(value = Role.class, names = "STREAMS", mode = EnumSource.Mode.EXCLUDE)
  void theHeapIsAShareOfTheContainersMemoryLimitAsTheManifestsSetIt(Role role) {
    List<Map<String, Object>> env = at(container(workload(role)), "env");
    String manifests = env.stream().filter(variable -> "JAVA_TOOL_OPTIONS".equals(variable.get("name")))
        .map(variable -> (String) variable.get("value")).findFirst().orElseThrow();

    assertThat(manifests).contains("-XX:MaxRAMPercentage=");
    assertThat(texts(image.config.at("/config/Env"))).contains("JAVA_TOOL_OPTIONS=" + manifests);
  }

  @Test
  void theLayersHoldTheApplicationItsLibrariesAndAJavaRuntimeOfOnlyTheModulesItNeeds() throws Exception {
    String release = Files.readString(rootfs.resolve("opt/java/release"));

    assertThat(Files.mismatch(rootfs.resolve("opt/redress/redress.jar"), Manifests.ROOT.resolve("target/redress.jar")))
        .isEqualTo(-1);
    try (var libraries = Files.list(Manifests.ROOT.resolve("target/lib"))) {
      assertThat(libraries.map(jar -> "opt/redress/lib/" + jar.getFileName()).toList())
          .isNotEmpty().allSatisfy(jar -> assertThat(entries).containsKey(jar));
    }
    assertThat(release).contains("java.base", "jdk.crypto.ec", "jdk.unsupported").doesNotContain("jdk.compiler");
    assertThat(entries).containsKeys("lib/x86_64-linux-gnu/libc.so.6", "lib/x86_64-linux-gnu/libz.so.1",
            "usr/lib/x86_64-linux-gnu/libstdc++.so.6", "lib/x86_64-linux-gnu/libgcc_s.so.1")
        .doesNotContainKeys("bin/sh", "usr/bin/apt-get", "opt/java/lib/libawt.so");
  }

  @Test
  void theDataDirectoryBelongsToTheImageUserAndTmpIsWritableByAll() {
    TarArchiveEntry data = entries.get("var/lib/redress");
    TarArchiveEntry tmp = entries.get("tmp");

    assertThat(data.getLongUserId()).isEqualTo(Long.parseLong(IMAGE_USER_ID));
    assertThat(data.getLongGroupId()).isEqualTo(Long.parseLong(IMAGE_USER_ID));
    assertThat(tmp.getMode() & 01777).isEqualTo(01777);
    assertThat(entries.get("opt/redress/redress.jar").getLongUserId()).isZero();
  }

  @Test
  void theImageStartsRedressWithItsOwnRuntimeAsItsUser() throws Exception {
    Run run = runEntrypoint(List.of("topology"));

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("Picked up JAVA_TOOL_OPTIONS: -XX:MaxRAMPercentage=", "Topologies:",
        "Source: read-raw-findings");
  }

  @Test
  void theImagesJavaRuntimeFollowsTheContainerLimitsItIsGiven() throws Exception {
    Run run = run(List.of("/opt/java/bin/java", "-XX:+PrintFlagsFinal", "-version"));

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).containsPattern("bool UseContainerSupport +\\S* += true")
        .containsPattern("double MaxRAMPercentage +\\S* += 50\\.0")
        .containsPattern("size_t MaxMetaspaceSize +\\S* += 134217728");
  }

  private record Run(int exit, String output) {
  }

  private static Run runEntrypoint(List<String> arguments) throws Exception {
    List<String> command = new ArrayList<>(texts(image.config.at("/config/Entrypoint")));
    command.addAll(arguments);
    return run(command);
  }

  /**
   * The command in the unpacked image, as a container engine starts it: its own root, PID namespace and /proc, the
   * image's environment and working directory, the image's user id (mapped by a user namespace, so no root needed).
   */
  private static Run run(List<String> command) throws Exception {
    Files.createDirectories(rootfs.resolve("proc"));
    String[] user = image.config.at("/config/User").asText().split(":");
    List<String> unshare = new ArrayList<>(List.of("unshare", "--user", "--map-user=" + user[0],
        "--map-group=" + user[1], "--mount", "--pid", "--fork", "--mount-proc", "--root=" + rootfs,
        "--wd=" + image.config.at("/config/WorkingDir").asText()));
    unshare.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(unshare).redirectErrorStream(true);
    builder.environment().clear();
    for (String variable : texts(image.config.at("/config/Env"))) {
      int equals = variable.indexOf('=');
      builder.environment().put(variable.substring(0, equals), variable.substring(equals + 1));
    }
    Process process = builder.start();
    String output = OciImage.text(process.getInputStream());
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Run(process.exitValue(), output);
  }

  private static Run host(List<String> command) throws Exception {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError(command.get(0) + " is needed (apt-get install " + command.get(0)
          + "; ./redress test installs it)", e);
    }
    String output = OciImage.text(process.getInputStream());
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Run(process.exitValue(), output);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }
}
