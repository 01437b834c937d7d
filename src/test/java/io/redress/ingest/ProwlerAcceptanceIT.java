package io.redress.ingest;

import static io.redress.testing.TopicReader.readExactly;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.Decision;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationCommand;
import io.redress.kafka.TopicProvisioner;
import io.redress.remediation.RemediationCatalogue;
import io.redress.testing.MotoServer;
import io.redress.testing.TestBroker;
import io.redress.topology.StreamsRole;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance with a real CSPM: Prowler (pinned in requirements-prowler.txt, in its own virtual environment because
 * it pins boto3 apart from moto) scans a moto account in which this test created misconfigured resources; its OCSF
 * file goes, as written, onto {@code redress.findings.raw} of a real broker, and the production topology decides.
 * Every active FAIL of a catalogued control gets exactly one acting decision; every muted FAIL gets only its audit
 * record (NOT_ACTIONABLE) and no command and no lesson.
 */
class ProwlerAcceptanceIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final Duration SCAN_LIMIT = Duration.ofMinutes(5);
  private static final List<String> CHECKS = List.of("s3_bucket_level_public_access_block",
      "s3_bucket_object_versioning", "s3_bucket_event_notifications_enabled",
      "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22",
      "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389");
  private static final Set<Outcome> ACTING = EnumSet.of(Outcome.DRY_RUN, Outcome.REMEDIATE, Outcome.NOTIFY_ONLY);

  private static MotoServer moto;
  private static StreamsRole streams;
  private static RedressConfig config;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start();
    config = ConfigLoader.fromYaml("kafka: {application-id: redress-prowler-%s}".formatted(UUID.randomUUID()), Map.of())
        .withBootstrapServers(TestBroker.bootstrapServers());
    try (Admin admin = Admin.create(config.kafka().clientProperties())) {
      new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();
    }
    streams = new StreamsRole(config, RemediationCatalogue.discover(), Files.createTempDirectory("redress-prowler"),
        () -> true, reason -> { });
    streams.start();
    assertThat(streams.awaitRunning(PATIENCE)).as("topology running").isTrue();
  }

  @AfterAll
  static void stop() {
    if (streams != null) {
      streams.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  void everyActiveFailOfACataloguedControlGetsExactlyOneDecisionAndEveryMutedFailNoAction() throws Exception {
    String run = "prowler-" + UUID.randomUUID().toString().substring(0, 8);
    Path work = Files.createTempDirectory("redress-prowler-scan");
    Map<String, String> created = misconfigure(run, work);
    JsonNode scan = scan(work, created.get("muted-group"));

    List<JsonNode> findings = new ArrayList<>();
    scan.forEach(findings::add);
    Set<String> ids = findings.stream().map(f -> f.path("finding_info").path("uid").asText()).collect(Collectors.toSet());
    Set<String> actionable = uids(findings.stream().filter(f -> isFail(f) && !isMuted(f) && isCatalogued(f)));
    Set<String> muted = uids(findings.stream().filter(f -> isFail(f) && isMuted(f)));
    assertThat(actionable).as("active FAILs of catalogued controls in the scan").hasSizeGreaterThanOrEqualTo(3);
    assertThat(muted).as("muted FAILs in the scan").isNotEmpty();

    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config.kafka().clientProperties(),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.UNPREFIXED.findingsRaw(), run, scan.toString().getBytes(StandardCharsets.UTF_8)))
          .get();
    }

    List<Decision> decisions = readExactly(config.kafka().clientProperties(), Topics.UNPREFIXED.decisions(), Decision.class,
        d -> ids.contains(d.getFinding().getFindingId()), ids.size());
    Map<String, List<Decision>> byFinding = decisions.stream()
        .collect(Collectors.groupingBy(d -> d.getFinding().getFindingId()));
    assertThat(byFinding).hasSize(ids.size());
    for (String id : actionable) {
      assertThat(byFinding.get(id)).as(id).singleElement()
          .satisfies(decision -> assertThat(decision.getOutcome()).isIn(ACTING));
    }
    for (String id : muted) {
      assertThat(byFinding.get(id)).as(id).singleElement()
          .satisfies(decision -> assertThat(decision.getOutcome()).isEqualTo(Outcome.NOT_ACTIONABLE));
    }
    Set<String> mutedResources = decisions.stream().filter(d -> muted.contains(d.getFinding().getFindingId()))
        .map(d -> d.getFinding().getResource().getId()).collect(Collectors.toSet());
    readExactly(config.kafka().clientProperties(), Topics.UNPREFIXED.remediations(), RemediationCommand.class,
        c -> mutedResources.contains(c.getResource().getId()), 0);
  }

  private static Set<String> uids(Stream<JsonNode> findings) {
    return findings.map(f -> f.path("finding_info").path("uid").asText()).collect(Collectors.toSet());
  }

  private static boolean isFail(JsonNode finding) {
    return "FAIL".equals(finding.path("status_code").asText());
  }

  private static boolean isMuted(JsonNode finding) {
    return "Suppressed".equals(finding.path("status").asText());
  }

  private static boolean isCatalogued(JsonNode finding) {
    return ControlMappings.bundled()
        .control(io.redress.contract.FindingSource.PROWLER, finding.path("metadata").path("event_code").asText())
        .filter(ReaderDiscoveryTest.CATALOGUE::contains).isPresent();
  }

  /** Runs misconfigure.py with Prowler's Python, which has boto3; returns what it created. */
  private static Map<String, String> misconfigure(String run, Path work) throws Exception {
    Path script = work.resolve("misconfigure.py");
    try (InputStream in = ProwlerAcceptanceIT.class.getResourceAsStream("/sources/prowler/misconfigure.py")) {
      Files.write(script, in.readAllBytes());
    }
    Path python = prowler().resolveSibling("python");
    String output = runProcess(work, List.of(python.toString(), script.toString(), run), Set.of(0));
    Map<String, String> created = new HashMap<>();
    for (String line : output.strip().split("\\R")) {
      String[] pair = line.split("=", 2);
      created.put(pair[0], pair[1]);
    }
    return created;
  }

  /** Prowler's scan of the moto account, muting one group through its own mutelist; its OCSF file, parsed. */
  private static JsonNode scan(Path work, String mutedGroup) throws Exception {
    Path mutelist = work.resolve("mutelist.yaml");
    Files.writeString(mutelist, """
        Mutelist:
          Accounts:
            "%s":
              Checks:
                "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22":
                  Regions: ["us-east-1"]
                  Resources: ["%s"]
        """.formatted(MotoServer.DEFAULT_ACCOUNT, mutedGroup));
    Path out = work.resolve("out");
    List<String> command = new ArrayList<>(List.of(prowler().toString(), "aws", "-f", "us-east-1", "--check"));
    command.addAll(CHECKS);
    // moto's security groups are attached to nothing; Prowler skips unused ones unless told otherwise.
    command.addAll(List.of("--scan-unused-services", "--mutelist-file", mutelist.toString(), "-M", "json-ocsf",
        "-o", out.toString(), "--no-banner"));
    // Prowler exits 3 when the scan found failures, which is the point here.
    runProcess(work, command, Set.of(0, 3));
    try (Stream<Path> files = Files.list(out)) {
      Path ocsf = files.filter(p -> p.toString().endsWith(".ocsf.json")).findFirst().orElseThrow();
      return new ObjectMapper().readTree(ocsf.toFile());
    }
  }

  private static String runProcess(Path work, List<String> command, Set<Integer> okExits) throws Exception {
    Path log = work.resolve("process-" + System.nanoTime() + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString(),
        "AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_KEY,
        "AWS_DEFAULT_REGION", "us-east-1"));
    Process process = builder.start();
    if (!process.waitFor(SCAN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(command.get(0) + " did not finish within " + SCAN_LIMIT + ":\n" + tail(log));
    }
    if (!okExits.contains(process.exitValue())) {
      throw new IllegalStateException(command + " exited " + process.exitValue() + ":\n" + tail(log));
    }
    return Files.readString(log);
  }

  private static String tail(Path log) throws IOException {
    String text = Files.readString(log);
    return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
  }

  /** {@code .venv-prowler/bin/prowler} under the project root, made by the README's test command. */
  private static Path prowler() {
    Path binary = Path.of("").toAbsolutePath().resolve(".venv-prowler/bin/prowler");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException("prowler not found at " + binary + ". Run the tests with './redress test', "
          + "which installs it from requirements-prowler.txt into .venv-prowler.");
    }
    return binary;
  }
}
