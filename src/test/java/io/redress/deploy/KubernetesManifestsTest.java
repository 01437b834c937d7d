package io.redress.deploy;

import static io.redress.deploy.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.cli.Role;
import io.redress.config.ConfigLoader;
import io.redress.config.HttpSettings;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.http.HealthRoutes;
import io.redress.http.MetricsRoutes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * deploy/base agrees with itself and with Redress: a workload per role running that role, the paths and ports the
 * http role serves, the configuration keys that exist. {@code ManifestsIT} checks the same files against the
 * Kubernetes schemas.
 */
@SuppressWarnings("unchecked")
class KubernetesManifestsTest {

  private static final Path CONFIG = Manifests.BASE.resolve("redress.yaml");
  private static final String KAFKA_SECRETS = "redress-kafka-secrets";
  /** A JVM's memory beside heap, metaspace and code cache: thread stacks, the collector, symbols, network buffers. */
  private static final long THREADS_COLLECTOR_AND_BUFFERS_MIB = 192;

  @ParameterizedTest
  @EnumSource(Role.class)
  void everyRoleHasAWorkloadThatRunsIt(Role role) {
    Map<String, Object> container = container(workload(role));

    List<String> args = at(container, "args");
    assertThat(args).startsWith("run");
    assertThat(List.of(value(args, "--roles").split(","))).contains(name(role));
    assertThat(value(args, "-c")).isEqualTo("/etc/redress/redress.yaml");
    assertThat(mountPaths(container)).contains("/etc/redress", value(args, "--data-dir"));
  }

  /**
   * The probes and /metrics are served on the management port, apart from the webhooks: what reaches a webhook (the
   * ingress) reaches neither, and only the http pods expose the webhook port at all.
   */
  @ParameterizedTest
  @EnumSource(Role.class)
  void everyWorkloadServesProbesAndMetricsFromTheHttpRoleOnItsManagementPort(Role role) {
    Map<String, Object> workload = workload(role);
    Map<String, Object> container = container(workload);
    HttpSettings http = ConfigLoader.load(CONFIG, Map.of()).http();
    int management = http.managementPort().orElseThrow();

    assertThat(List.of(value(at(container, "args"), "--roles").split(","))).contains("http");
    assertThat(containerPorts(container)).containsEntry("management", management)
        .isEqualTo(role == Role.HTTP ? Map.of("http", http.port(), "management", management)
            : Map.of("management", management));
    for (String probe : List.of("livenessProbe", "startupProbe", "readinessProbe")) {
      assertThat((String) at(container, probe, "httpGet", "port")).as(probe).isEqualTo("management");
    }
    assertThat((String) at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/health/live");
    assertThat((String) at(container, "startupProbe", "httpGet", "path")).isEqualTo("/health/live");
    assertThat((String) at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/health/ready");
    Map<String, String> annotations = at(workload, "spec", "template", "metadata", "annotations");
    assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/port", Integer.toString(management))
        .containsEntry("prometheus.io/path", "/metrics");
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void everyWorkloadRunsLockedDownWithItsPodNameAndAJvmSizedByItsLimit(Role role) {
    Map<String, Object> workload = workload(role);
    Map<String, Object> container = container(workload);

    assertThat((Boolean) at(workload, "spec", "template", "spec", "securityContext", "runAsNonRoot")).isTrue();
    assertThat((Boolean) at(container, "securityContext", "readOnlyRootFilesystem")).isTrue();
    assertThat((Boolean) at(container, "securityContext", "allowPrivilegeEscalation")).isFalse();
    assertThat((List<String>) at(container, "securityContext", "capabilities", "drop")).containsExactly("ALL");
    assertThat(mountPaths(container)).contains("/tmp");
    assertThat(volumeNames(workload)).containsAll(((List<Map<String, Object>>) at(container, "volumeMounts")).stream()
        .map(mount -> (String) mount.get("name")).toList());
    assertThat((Map<String, Object>) at(container, "resources", "requests")).containsKeys("cpu", "memory");
    assertThat((Map<String, Object>) at(container, "resources", "limits")).containsKey("memory");
    assertThat((String) at(env(container, "POD_NAME"), "valueFrom", "fieldRef", "fieldPath"))
        .isEqualTo("metadata.name");
    assertThat((String) at(env(container, "JAVA_TOOL_OPTIONS"), "value")).contains("-XX:MaxRAMPercentage=");
  }

  /**
   * Beside its heap, a share of the limit, a JVM holds metaspace, compiled code, thread stacks, the collector's
   * structures and network buffers, and in the streams pods RocksDB's budget, off the heap: the limit must hold them
   * all, or the kernel kills the pod with no Java error to say why. Metaspace and the code cache are capped so that
   * the sum is known; what is left must hold the rest.
   */
  @ParameterizedTest
  @EnumSource(Role.class)
  void everyPodsLimitHoldsItsHeapItsCappedMetaspaceAndCodeItsStateStoresAndTheRestOfTheJvm(Role role) {
    Map<String, Object> container = container(workload(role));
    long limitMib = Manifests.mebibytes(at(container, "resources", "limits", "memory"));
    String options = (String) at(env(container, "JAVA_TOOL_OPTIONS"), "value");
    long heapMib = limitMib * Long.parseLong(flag(options, "MaxRAMPercentage")) / 100;
    long metaspaceMib = Manifests.mebibytes(flag(options, "MaxMetaspaceSize"));
    long codeCacheMib = Manifests.mebibytes(flag(options, "ReservedCodeCacheSize"));
    long stateStoresMib = role == Role.STREAMS
        ? Long.parseLong((String) at(env(container, "REDRESS_KAFKA_STATE_STORE_MEMORY_MB"), "value")) : 0;

    assertThat(limitMib - heapMib - metaspaceMib - codeCacheMib - stateStoresMib)
        .as("MiB left for thread stacks, the collector and native buffers in %s", options)
        .isGreaterThanOrEqualTo(THREADS_COLLECTOR_AND_BUFFERS_MIB);
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void noPodGetsServiceLinkVariablesThatRedressWouldReadAsConfiguration(Role role) {
    Map<String, Object> pod = at(workload(role), "spec", "template", "spec");
    String linkOfTheHttpService = "REDRESS_HTTP_PORT";

    assertThat((Boolean) at(pod, "enableServiceLinks")).isFalse();
    assertThatThrownBy(() -> ConfigLoader.load(CONFIG, Map.of(linkOfTheHttpService, "tcp://10.0.0.1:8080")))
        .hasMessageContaining(linkOfTheHttpService);
  }

  /**
   * Each role gets the secrets it reads and no other: Kafka credentials everywhere, the webhook keys and console
   * tokens only in the internet-facing receiver, the channels' passwords and webhook URLs only in the notifier.
   */
  @ParameterizedTest
  @EnumSource(Role.class)
  void everyWorkloadGetsTheKafkaCredentialsAndOnlyTheSecretsOfItsOwnRole(Role role) {
    Map<Role, List<String>> secrets = Map.of(Role.STREAMS, List.of(KAFKA_SECRETS),
        Role.EXECUTOR, List.of(KAFKA_SECRETS),
        Role.NOTIFIER, List.of(KAFKA_SECRETS, "redress-notifier-secrets"),
        Role.HTTP, List.of(KAFKA_SECRETS, "redress-http-secrets"));

    assertThat(secretRefs(container(workload(role)))).containsExactlyInAnyOrderElementsOf(secrets.get(role));
  }

  /** The example of each Secret a workload reads holds only its own area's variables. */
  @Test
  void everySecretTheWorkloadsReadHasAnExampleHoldingOnlyItsOwnAreasVariables() {
    Map<String, String> areas = Map.of(KAFKA_SECRETS, "REDRESS_KAFKA_",
        "redress-http-secrets", "REDRESS_HTTP_", "redress-notifier-secrets", "REDRESS_NOTIFICATIONS_");
    List<String> read = Stream.of(Role.values()).flatMap(role -> secretRefs(container(workload(role))).stream())
        .distinct().toList();

    assertThat(areas.keySet()).containsExactlyInAnyOrderElementsOf(read);
    for (String secret : read) {
      assertThat(((Map<String, String>) at(Manifests.object("Secret", secret), "stringData")).keySet())
          .allMatch(variable -> variable.startsWith(areas.get(secret)), "starts with " + areas.get(secret));
    }
  }

  /**
   * Only the executor may change resources and assume the member accounts' roles, only the notifier read CloudTrail
   * and IAM tags and send mail; the internet-facing webhook receiver and the topology have Kafka alone.
   */
  @Test
  void theExecutorAndTheNotifierHaveServiceAccountsOfTheirOwnAndTheOthersOneForKafkaOnly() {
    Map<Role, String> accounts = Map.of(Role.EXECUTOR, "redress-executor", Role.NOTIFIER, "redress-notifier",
        Role.HTTP, "redress", Role.STREAMS, "redress");

    for (Role role : Role.values()) {
      assertThat((String) at(workload(role), "spec", "template", "spec", "serviceAccountName")).as("%s", role)
          .isEqualTo(accounts.get(role));
    }
    assertThat(Stream.of("redress", "redress-executor", "redress-notifier").map(KubernetesManifestsTest::iamRole))
        .doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void everyServiceAccountIsReadyForIamRolesForServiceAccounts(Role role) {
    String account = at(workload(role), "spec", "template", "spec", "serviceAccountName");

    assertThat(iamRole(account)).matches("arn:aws:iam::\\d{12}:role/.+");
    assertThat((Boolean) at(Manifests.object("ServiceAccount", account), "automountServiceAccountToken")).isFalse();
  }

  @Test
  void theStreamsRoleKeepsItsStateOnAVolumeOfItsOwnWithStandbyReplicas() {
    Map<String, Object> streams = workload(Role.STREAMS);

    assertThat(streams.get("kind")).isEqualTo("StatefulSet");
    assertThat((String) at(streams, "spec", "volumeClaimTemplates", 0, "metadata", "name")).isEqualTo("data");
    assertThat(ConfigLoader.load(CONFIG, Map.of()).kafka().streams()).containsEntry("num.standby.replicas", "1");
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void everyRoleHasADisruptionBudgetSelectingItsPods(Role role) {
    Map<String, Object> budget = Manifests.object("PodDisruptionBudget", "redress-" + name(role));

    assertThat((Map<String, String>) at(budget, "spec", "selector", "matchLabels"))
        .isEqualTo(at(workload(role), "spec", "selector", "matchLabels"));
  }

  @ParameterizedTest
  @EnumSource(value = Role.class, names = {"STREAMS", "EXECUTOR", "NOTIFIER"})
  void everyConsumerRoleScalesOnTheLagOfItsOwnConsumerGroup(Role role) {
    Map<String, Object> scaled = Manifests.object("ScaledObject", "redress-" + name(role));
    Map<String, Object> trigger = at(scaled, "spec", "triggers", 0);
    String applicationId = ConfigLoader.load(CONFIG, Map.of()).kafka().applicationId();
    Map<Role, String> groups = Map.of(Role.STREAMS, applicationId, Role.EXECUTOR, applicationId + "-executor",
        Role.NOTIFIER, applicationId + "-notifier");
    Map<Role, String> topics = Map.of(Role.STREAMS, Topics.UNPREFIXED.findingsRaw(), Role.EXECUTOR, Topics.UNPREFIXED.remediations(),
        Role.NOTIFIER, Topics.UNPREFIXED.notifications());

    assertThat(scaled.get("apiVersion")).isEqualTo("keda.sh/v1alpha1");
    assertThat((String) at(scaled, "spec", "scaleTargetRef", "kind")).isEqualTo(workload(role).get("kind"));
    assertThat((String) at(scaled, "spec", "scaleTargetRef", "name")).isEqualTo("redress-" + name(role));
    assertThat(trigger.get("type")).isEqualTo("kafka");
    assertThat((String) at(trigger, "metadata", "consumerGroup")).isEqualTo(groups.get(role));
    assertThat((String) at(trigger, "metadata", "topic")).isEqualTo(topics.get(role));
    assertThat((String) at(trigger, "metadata", "bootstrapServers"))
        .isEqualTo(ConfigLoader.load(CONFIG, Map.of()).kafka().bootstrapServers().orElseThrow());
    Manifests.object("TriggerAuthentication", at(trigger, "authenticationRef", "name"));
  }

  /**
   * A pod being stopped leaves the Service's endpoints while it gets SIGTERM, and connections routed before every node
   * heard still arrive: the webhook receiver waits before it stops listening, then answers the requests in hand
   * (HttpRole.STOP_WAIT, 5 s), all inside the grace period.
   */
  @Test
  void theWebhookReceiverKeepsListeningWhileItLeavesTheServiceAndStopsWithinItsGracePeriod() {
    Map<String, Object> http = workload(Role.HTTP);
    int preStop = at(container(http), "lifecycle", "preStop", "sleep", "seconds");
    int grace = at(http, "spec", "template", "spec", "terminationGracePeriodSeconds");

    assertThat(preStop).isBetween(3, 10);
    assertThat(preStop + 5).isLessThan(grace);
  }

  @Test
  void theHttpServiceReachesOnlyTheWebhookReceiversWebhookPort() {
    Map<String, Object> service = Manifests.object("Service", "redress-http");

    assertThat((Map<String, String>) at(service, "spec", "selector"))
        .isEqualTo(at(workload(Role.HTTP), "spec", "selector", "matchLabels"));
    assertThat((List<Object>) at(service, "spec", "ports")).hasSize(1);
    assertThat(containerPorts(container(workload(Role.HTTP))).get((String) at(service, "spec", "ports", 0,
        "targetPort"))).isEqualTo(ConfigLoader.load(CONFIG, Map.of()).http().port());
  }

  /**
   * Every pod's management port serves /metrics (AWS account ids in its labels) and the probes without
   * authentication: only Prometheus' namespace may reach it, named by the label the control plane sets (a namespace
   * owner cannot give it to another namespace). The pods that take no webhooks are reached on nothing else; the http
   * pods on their webhook port too, from anywhere (the ingress runs wherever it runs).
   */
  @ParameterizedTest
  @EnumSource(Role.class)
  void onlyPrometheusNamespaceReachesAManagementPortAndOnlyTheWebhookReceiversTakeAnythingElse(Role role) {
    List<Map<String, Object>> rules = networkPoliciesSelecting(role).stream().flatMap(policy -> {
      assertThat((List<String>) at(policy, "spec", "policyTypes")).contains("Ingress");
      return ((List<Map<String, Object>>) at(policy, "spec", "ingress")).stream();
    }).toList();

    assertThat(rules).filteredOn(rule -> rule.containsKey("from")).isNotEmpty().allSatisfy(rule -> {
      assertThat((List<Map<String, Object>>) at(rule, "ports"))
          .containsExactly(Map.of("port", "management", "protocol", "TCP"));
      assertThat((List<Map<String, Object>>) at(rule, "from")).isNotEmpty().allSatisfy(peer -> {
        assertThat(peer).containsOnlyKeys("namespaceSelector");
        assertThat((Map<String, Object>) at(peer, "namespaceSelector")).containsOnlyKeys("matchLabels");
        assertThat((Map<String, String>) at(peer, "namespaceSelector", "matchLabels"))
            .containsOnlyKeys("kubernetes.io/metadata.name");
      });
    });
    List<Map<String, Object>> fromAnywhere = rules.stream().filter(rule -> !rule.containsKey("from")).toList();
    if (role == Role.HTTP) {
      assertThat(fromAnywhere).singleElement().satisfies(rule -> assertThat((List<Map<String, Object>>) at(rule,
          "ports")).containsExactly(Map.of("port", "http", "protocol", "TCP")));
    } else {
      assertThat(fromAnywhere).isEmpty();
    }
    assertThat(Manifests.read(Manifests.ROOT.resolve("README.md"))).contains("kubernetes.io/metadata.name");
  }

  /**
   * The http pods' webhook port serves the console too, with a sign-in meant for operators inside: the ingress
   * example routes the webhook path alone, over TLS, to the webhook receivers' Service.
   */
  @Test
  void theIngressExampleRoutesOnlyTheWebhookPathToTheHttpService() {
    Map<String, Object> ingress = Manifests.object("Ingress", "redress-webhooks");
    Map<String, Object> service = Manifests.object("Service", "redress-http");
    List<Map<String, Object>> paths = ((List<Map<String, Object>>) at(ingress, "spec", "rules")).stream()
        .flatMap(rule -> ((List<Map<String, Object>>) at(rule, "http", "paths")).stream()).toList();

    assertThat((Map<String, Object>) at(ingress, "spec")).doesNotContainKey("defaultBackend");
    assertThat((List<Map<String, Object>>) at(ingress, "spec", "tls")).isNotEmpty();
    assertThat(paths).isNotEmpty().allSatisfy(path -> {
      assertThat(path.get("pathType")).isEqualTo("Prefix");
      assertThat((String) at(path, "backend", "service", "name")).isEqualTo("redress-http");
      assertThat((String) at(path, "backend", "service", "port", "name"))
          .isEqualTo(at(service, "spec", "ports", 0, "name"));
      assertThat(prefixMatches(at(path, "path"), "/findings/cspm")).isTrue();
      for (String other : List.of("/", HealthRoutes.LIVE, HealthRoutes.READY, MetricsRoutes.PATH, "/console")) {
        assertThat(prefixMatches(at(path, "path"), other)).as("%s routes %s", path.get("path"), other).isFalse();
      }
    });
  }

  @Test
  void theKustomizationListsEveryManifestAndGeneratesTheConfigMapTheWorkloadsMount() {
    Map<String, Object> kustomization = Manifests.document(Manifests.BASE.resolve("kustomization.yaml"));
    List<String> manifests = Manifests.baseFiles().stream().map(file -> file.getFileName().toString())
        .filter(name -> !Manifests.NOT_RESOURCES.contains(name)).toList();

    assertThat((List<String>) at(kustomization, "resources")).containsExactlyInAnyOrderElementsOf(manifests);
    assertThat(at(kustomization, "images", 0, "name") + ":" + at(kustomization, "images", 0, "newTag"))
        .isEqualTo(container(workload(Role.STREAMS)).get("image"));
    assertThat((String) at(kustomization, "configMapGenerator", 0, "name")).isEqualTo("redress-config");
    assertThat((List<String>) at(kustomization, "configMapGenerator", 0, "files")).containsExactly("redress.yaml");
    for (Role role : Role.values()) {
      assertThat(Stream.of((List<Map<String, Object>>) at(workload(role), "spec", "template", "spec", "volumes"))
          .flatMap(List::stream).filter(volume -> volume.containsKey("configMap"))
          .map(volume -> (String) at(volume, "configMap", "name"))).containsExactly("redress-config");
    }
  }

  @Test
  void theConfigurationAndEveryRedressVariableOfTheManifestsAreValidKeys() {
    Map<String, String> environment = new HashMap<>();
    for (Map<String, Object> object : Manifests.kubernetesObjects()) {
      if ("Secret".equals(object.get("kind"))) {
        environment.putAll(at(object, "stringData"));
      }
    }
    for (Role role : Role.values()) {
      for (Map<String, Object> variable : (List<Map<String, Object>>) at(container(workload(role)), "env")) {
        environment.put((String) variable.get("name"), String.valueOf(variable.getOrDefault("value", "from-pod")));
      }
    }

    assertThat(environment.keySet()).anyMatch(name -> name.startsWith("REDRESS_"));
    RedressConfig config = ConfigLoader.load(CONFIG, environment);
    assertThat(config.http().sources()).containsKeys("cspm", "eventbridge");
  }

  static Map<String, Object> workload(Role role) {
    return Manifests.kubernetesObjects().stream()
        .filter(object -> List.of("Deployment", "StatefulSet").contains(object.get("kind")))
        .filter(object -> ("redress-" + name(role)).equals(at(object, "metadata", "name")))
        .findFirst().orElseThrow(() -> new AssertionError("no workload redress-" + name(role)));
  }

  static Map<String, Object> container(Map<String, Object> workload) {
    List<Map<String, Object>> containers = at(workload, "spec", "template", "spec", "containers");
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  static String name(Role role) {
    return role.name().toLowerCase(Locale.ROOT);
  }

  static String value(List<String> args, String option) {
    int at = args.indexOf(option);
    assertThat(at).as("%s in %s", option, args).isNotNegative().isLessThan(args.size() - 1);
    return args.get(at + 1);
  }

  /** A container's ports, by name. */
  private static Map<String, Integer> containerPorts(Map<String, Object> container) {
    return ((List<Map<String, Object>>) at(container, "ports")).stream()
        .collect(Collectors.toMap(port -> (String) port.get("name"), port -> (Integer) port.get("containerPort")));
  }

  /** The NetworkPolicies of the base whose pod selector (labels, and In expressions) selects the role's pods. */
  private static List<Map<String, Object>> networkPoliciesSelecting(Role role) {
    Map<String, String> labels = at(workload(role), "spec", "template", "metadata", "labels");
    return Manifests.kubernetesObjects().stream().filter(object -> "NetworkPolicy".equals(object.get("kind")))
        .filter(policy -> {
          Map<String, Object> selector = at(policy, "spec", "podSelector");
          Map<String, String> matchLabels = (Map<String, String>) selector.getOrDefault("matchLabels", Map.of());
          List<Map<String, Object>> expressions =
              (List<Map<String, Object>>) selector.getOrDefault("matchExpressions", List.of());
          return labels.entrySet().containsAll(matchLabels.entrySet()) && expressions.stream().allMatch(expression -> {
            assertThat(expression.get("operator")).isEqualTo("In");
            return ((List<String>) at(expression, "values")).contains(labels.get((String) at(expression, "key")));
          });
        }).toList();
  }

  /** Whether an ingress path of type Prefix routes a request path: whole path elements, a trailing / ignored. */
  private static boolean prefixMatches(String prefix, String path) {
    String stem = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return path.equals(stem) || path.startsWith(stem + "/");
  }

  private static List<String> mountPaths(Map<String, Object> container) {
    return ((List<Map<String, Object>>) at(container, "volumeMounts")).stream()
        .map(mount -> (String) mount.get("mountPath")).toList();
  }

  private static List<String> volumeNames(Map<String, Object> workload) {
    List<Map<String, Object>> volumes = new ArrayList<>(at(workload, "spec", "template", "spec", "volumes"));
    Map<String, Object> spec = at(workload, "spec");
    if (spec.containsKey("volumeClaimTemplates")) {
      for (Map<String, Object> claim : (List<Map<String, Object>>) spec.get("volumeClaimTemplates")) {
        volumes.add(at(claim, "metadata"));
      }
    }
    return volumes.stream().map(volume -> (String) volume.get("name")).toList();
  }

  /** The value of a JVM option -XX:NAME=VALUE, failing when it is not set. */
  private static String flag(String options, String name) {
    Matcher matcher = Pattern.compile("-XX:" + name + "=(\\S+)").matcher(options);
    assertThat(matcher.find()).as("-XX:%s= in %s", name, options).isTrue();
    return matcher.group(1);
  }

  private static String iamRole(String serviceAccount) {
    return at(Manifests.object("ServiceAccount", serviceAccount), "metadata", "annotations",
        "eks.amazonaws.com/role-arn");
  }

  private static List<String> secretRefs(Map<String, Object> container) {
    List<Map<String, Object>> sources = (List<Map<String, Object>>) container.getOrDefault("envFrom", List.of());
    return sources.stream().map(source -> (String) at(source, "secretRef", "name")).toList();
  }

  private static Map<String, Object> env(Map<String, Object> container, String name) {
    return ((List<Map<String, Object>>) at(container, "env")).stream()
        .filter(variable -> name.equals(variable.get("name")))
        .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + container.get("name")));
  }
}
