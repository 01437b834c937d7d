package io.redress.deploy;

import static io.redress.deploy.KubernetesManifestsTest.container;
import static io.redress.deploy.KubernetesManifestsTest.name;
import static io.redress.deploy.KubernetesManifestsTest.value;
import static io.redress.deploy.KubernetesManifestsTest.workload;
import static io.redress.deploy.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.cli.Role;
import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * docker-compose.yml says what the Kubernetes manifests say: the same image, arguments, heap sizing, port and roles.
 * It cannot run here (no Docker engine), so this is as far as a test on this machine goes; the image itself is built
 * and started by {@code ImageIT}.
 */
@SuppressWarnings("unchecked")
class ComposeTest {

  private static final Map<String, Object> COMPOSE = Manifests.document(Manifests.COMPOSE);

  @ParameterizedTest
  @EnumSource(Role.class)
  void composeRunsEveryRoleFromTheImageTheManifestsUseWithTheSameArguments(Role role) {
    Map<String, Object> service = at(COMPOSE, "services", "redress-" + name(role));
    Map<String, Object> container = container(workload(role));

    assertThat(service.get("image")).isEqualTo(container.get("image"));
    assertThat((List<String>) at(service, "command")).isEqualTo(container.get("args"));
    assertThat((Boolean) service.get("read_only")).isTrue();
    assertThat((List<String>) at(service, "cap_drop")).containsExactly("ALL");
    assertThat((List<String>) at(service, "tmpfs")).contains("/tmp");
    assertThat(writablePaths(service)).contains(value(at(service, "command"), "--data-dir"));
    assertThat((Map<String, Object>) at(service, "environment")).containsKeys("POD_NAME", "JAVA_TOOL_OPTIONS");
  }

  /**
   * The streams role's state stores grow with the data they hold: on a tmpfs they would count against the container's
   * memory limit, which the heap, RocksDB's budget and the rest of the JVM already fill. A named volume keeps them on
   * disk; Docker fills a new one from the image's directory, owner included, so the image's user may write it.
   */
  @Test
  void composeKeepsTheStreamsRolesStateOnANamedVolumeTheImagesUserOwns() {
    Map<String, Object> streams = at(COMPOSE, "services", "redress-streams");
    String dataDir = value(at(streams, "command"), "--data-dir");
    String volume = ((List<String>) at(streams, "volumes")).stream().filter(mount -> mount.endsWith(":" + dataDir))
        .map(mount -> mount.substring(0, mount.indexOf(':'))).findFirst()
        .orElseThrow(() -> new AssertionError("no volume at " + dataDir + " in redress-streams"));
    Map<String, Object> image = Manifests.document(Manifests.ROOT.resolve("deploy/image/config.json"));

    assertThat((List<String>) at(streams, "tmpfs")).doesNotContain(dataDir);
    assertThat((Map<String, Object>) at(COMPOSE, "volumes")).containsKey(volume);
    assertThat((String) at(image, "User")).isEqualTo("10001:10001");
    assertThat(Manifests.read(Manifests.ROOT.resolve("deploy/image/build.sh")))
        .containsPattern("--dir " + dataDir + ":7\\d\\d:10001:10001 ");
  }

  @Test
  void composeMountsItsOwnValidConfigurationWhereTheCommandsReadIt() {
    Map<String, Object> streams = at(COMPOSE, "services", "redress-streams");
    List<String> volumes = at(streams, "volumes");
    String mount = "./deploy/compose/redress.yaml:" + value(at(streams, "command"), "-c") + ":ro";
    Map<String, String> environment = new HashMap<>();
    ((Map<String, Object>) at(COMPOSE, "services", "redress-http", "environment"))
        .forEach((key, value) -> environment.put(key, String.valueOf(value)));

    assertThat(volumes).contains(mount);
    RedressConfig config = ConfigLoader.load(Manifests.ROOT.resolve("deploy/compose/redress.yaml"), environment);
    assertThat(config.kafka().bootstrapServers()).contains("kafka:9092");
    assertThat(config.aws().endpoint()).contains(URI.create("http://moto:5000"));
    assertThat(config.http().port()).isEqualTo(port(at(COMPOSE, "services", "redress-http", "ports", 0)));
    assertThat(config.http().sources()).containsKeys("cspm", "eventbridge");
  }

  @Test
  void composeRunsTheBrokerAndTheEmulatorAtTheVersionsTheTestsUse() throws Exception {
    String kafka = Manifests.read(Manifests.ROOT.resolve("pom.xml"))
        .replaceAll("(?s).*<kafka.version>([^<]+)</kafka.version>.*", "$1");
    String moto = Files.readAllLines(Manifests.ROOT.resolve("requirements-test.txt")).stream()
        .filter(line -> line.startsWith("moto[server]==")).findFirst().orElseThrow().split("==")[1];

    assertThat((String) at(COMPOSE, "services", "kafka", "image")).isEqualTo("apache/kafka:" + kafka);
    assertThat((String) at(COMPOSE, "services", "connect", "image")).isEqualTo("apache/kafka:" + kafka);
    assertThat((String) at(COMPOSE, "services", "moto", "image")).isEqualTo("motoserver/moto:" + moto);
    assertThat((String) at(COMPOSE, "services", "kafka", "environment", "KAFKA_PROCESS_ROLES"))
        .isEqualTo("broker,controller");
  }

  @Test
  void composeConnectRunsTheConnectorPluginAgainstTheComposeBrokerAndMoto() throws Exception {
    Map<String, Object> connect = at(COMPOSE, "services", "connect");
    Properties worker = properties("deploy/compose/connect-worker.properties");
    Properties source = properties("deploy/compose/sqs-source.properties");
    String connector = source.getProperty("connector.class");

    assertThat((List<String>) at(connect, "volumes"))
        .contains("./connectors/target/plugins:" + worker.getProperty("plugin.path") + ":ro");
    assertThat(worker.getProperty("bootstrap.servers"))
        .isEqualTo(ConfigLoader.load(Manifests.ROOT.resolve("deploy/compose/redress.yaml"), Map.of())
            .kafka().bootstrapServers().orElseThrow());
    assertThat(Manifests.ROOT.resolve("connectors/src/main/java/" + connector.replace('.', '/') + ".java"))
        .exists();
    assertThat(source.getProperty("sqs.endpoint")).isEqualTo("http://moto:5000");
    assertThat(source.getProperty("topic")).isEqualTo(Topics.UNPREFIXED.findingsRaw());
  }

  /** Without a limit each container's JVM would size its heap by the whole machine's memory. */
  @ParameterizedTest
  @EnumSource(Role.class)
  void composeGivesEveryRoleTheMemoryLimitAndJvmFlagsOfItsPod(Role role) {
    Map<String, Object> service = at(COMPOSE, "services", "redress-" + name(role));
    Map<String, Object> container = container(workload(role));

    assertThat(Manifests.mebibytes(at(service, "mem_limit")))
        .isEqualTo(Manifests.mebibytes(at(container, "resources", "limits", "memory")));
    assertThat((String) at(service, "environment", "JAVA_TOOL_OPTIONS")).isEqualTo(javaToolOptions(container));
  }

  @Test
  void composePublishesTheHttpRolesPortAsTheManifestsDeclareIt() {
    int port = (Integer) at(container(workload(Role.HTTP)), "ports", 0, "containerPort");

    assertThat(port(at(COMPOSE, "services", "redress-http", "ports", 0))).isEqualTo(port);
  }

  /**
   * Docker publishes a port past the host's firewall, and nothing in the stack authenticates (a PLAINTEXT broker,
   * Connect's REST API, moto, webhook secrets printed in the file): only the host itself may reach them.
   */
  @Test
  void composePublishesEveryPortOnTheHostsLoopbackOnly() {
    Map<String, Map<String, Object>> services = at(COMPOSE, "services");
    List<String> published = services.values().stream()
        .flatMap(service -> ((List<Object>) service.getOrDefault("ports", List.of())).stream())
        .map(String::valueOf).toList();

    assertThat(published).isNotEmpty().allMatch(mapping -> mapping.startsWith("127.0.0.1:"), "bound to 127.0.0.1");
  }

  /** As the manifests set it: the heap a share of the container's memory limit. */
  private static String javaToolOptions(Map<String, Object> container) {
    List<Map<String, Object>> env = at(container, "env");
    String options = env.stream().filter(variable -> "JAVA_TOOL_OPTIONS".equals(variable.get("name")))
        .map(variable -> (String) variable.get("value")).findFirst().orElseThrow();
    assertThat(options).contains("-XX:MaxRAMPercentage=");
    return options;
  }

  /** What a service with a read-only root filesystem may write: its tmpfs mounts and its volumes' targets. */
  private static List<String> writablePaths(Map<String, Object> service) {
    Stream<String> volumes = ((List<String>) at(service, "volumes")).stream()
        .filter(mount -> !mount.endsWith(":ro")).map(mount -> mount.substring(mount.indexOf(':') + 1));
    return Stream.concat(((List<String>) at(service, "tmpfs")).stream(), volumes).toList();
  }

  /** The container side of a compose port mapping ("8080:8080"). */
  private static int port(String mapping) {
    return Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1));
  }

  private static Properties properties(String file) throws Exception {
    Properties properties = new Properties();
    try (var reader = Files.newBufferedReader(Path.of(Manifests.ROOT.toString(), file))) {
      properties.load(reader);
    }
    return properties;
  }
}
