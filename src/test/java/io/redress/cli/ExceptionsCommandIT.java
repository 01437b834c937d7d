package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.Topics;
import io.redress.kafka.EmbeddedBroker;
import io.redress.kafka.TopicProvisioner;
import io.redress.testing.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exceptions commands against a real broker of their own (a sync revokes whatever the file does not list, so
 * they must not share the exceptions topic with other tests), configured the way a cluster is: through
 * {@code kafka.bootstrap-servers} in the configuration file.
 */
class ExceptionsCommandIT {

  private static final String SITE = "control=S3.8;resource=arn:aws:s3:::acme-public-website";
  private static final String REPORTS = "control=S3.2;resource=arn:aws:s3:::acme-reports";
  private static final String SANDBOX = "account=111122223333;control=S3.8";

  @TempDir
  static Path dir;
  private static EmbeddedBroker broker;
  private static String config;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = EmbeddedBroker.start(TestBroker.classpathFile(), dir.resolve("broker"));
    Properties client = new Properties();
    client.put("bootstrap.servers", broker.bootstrapServers());
    try (Admin admin = Admin.create(client)) {
      new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();
    }
    config = Files.writeString(dir.resolve("redress.yaml"),
        "kafka: {bootstrap-servers: \"" + broker.bootstrapServers() + "\"}\n").toString();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  private static Cli.Run redress(String... args) {
    String[] withConfig = new String[args.length + 2];
    System.arraycopy(args, 0, withConfig, 0, args.length);
    withConfig[args.length] = "-c";
    withConfig[args.length + 1] = config;
    return Cli.redress(withConfig);
  }

  @Test
  void anExceptionIsAddedListedWithItsTimeLeftShownAndRevoked() {
    Cli.Run add = redress("exceptions", "add", "--scope", "resource=arn:aws:s3:::acme-reports;control=S3.2",
        "--reason", "reports are public by contract", "--approver", "ciso@example.com", "--expires", "30d",
        "--ticket", "SEC-7", "--by", "alice");
    assertThat(add.status()).as(add.err()).isZero();
    assertThat(add.out()).contains("Published exception '" + REPORTS + "', approved by ciso@example.com");

    assertThat(redress("exceptions", "list").out()).containsPattern(
        "control=S3\\.2;resource=arn:aws:s3:::acme-reports\\s+(29d 23h|30d 0h)\\s+ciso@example.com\\s+reports are public by contract");
    assertThat(redress("exceptions", "show", REPORTS).out())
        .contains("approver:   ciso@example.com").contains("by alice").contains("ticket:     SEC-7");

    assertThat(redress("exceptions", "revoke", REPORTS).status()).isZero();
    Cli.Run show = redress("exceptions", "show", REPORTS);
    assertThat(show.status()).isEqualTo(1);
    assertThat(show.err()).contains("no exception is published for scope '" + REPORTS + "'");
    assertThat(redress("exceptions", "revoke", REPORTS).status()).isEqualTo(1);
  }

  /** The executors act on nothing while such a record is there (ExceptionListIT): revoking it must be possible. */
  @Test
  void aRecordThisVersionCannotDecodeIsListedShownAsSuchAndRevoked() throws Exception {
    String written = "control=S3.5;resource=arn:aws:s3:::acme-newer-version";
    Properties producer = new Properties();
    producer.put("bootstrap.servers", broker.bootstrapServers());
    try (KafkaProducer<String, byte[]> send =
        new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer())) {
      send.send(new ProducerRecord<>(Topics.UNPREFIXED.exceptions(), written, new byte[] {1, 2, 3, 4})).get();
    }

    assertThat(redress("exceptions", "list").out()).contains(written)
        .contains("a record this version cannot decode: no executor acts on any command");
    Cli.Run show = redress("exceptions", "show", written);
    assertThat(show.status()).isEqualTo(1);
    assertThat(show.err()).contains(written + ": a record this version cannot decode");

    Cli.Run revoke = redress("exceptions", "revoke", written);
    assertThat(revoke.status()).as(revoke.err()).isZero();
    assertThat(revoke.out()).contains("Revoked exception '" + written + "'.");
    assertThat(redress("exceptions", "list").out()).doesNotContain(written);
    assertThat(redress("exceptions", "revoke", written).status()).isEqualTo(1);
  }

  @Test
  void anExceptionWhoseControlDiffersOnlyInCaseReplacesTheOtherAndOneRevokeEndsBoth() {
    String lower = "control=s3.8;resource=arn:aws:s3:::acme-case";
    String upper = "control=S3.8;resource=arn:aws:s3:::acme-case";
    assertThat(redress("exceptions", "add", "--scope", lower, "--reason", "first", "--approver", "ciso",
        "--expires", "10d").out()).contains("Published exception '" + lower + "'");

    Cli.Run again = redress("exceptions", "add", "--scope", upper, "--reason", "second", "--approver", "ciso",
        "--expires", "10d");

    assertThat(again.out()).as(again.err()).contains("Replaced exception '" + upper + "'");
    assertThat(redress("exceptions", "list").out()).contains(upper).doesNotContain(lower);
    Cli.Run revoke = redress("exceptions", "revoke", lower);
    assertThat(revoke.status()).as(revoke.err()).isZero();
    assertThat(revoke.out()).contains("Revoked exception '" + upper + "'.");
    assertThat(redress("exceptions", "list").out()).doesNotContain("acme-case");
  }

  @Test
  void syncShowsTheDiffOnADryRunAndThenMakesTheTopicMatchTheFile() throws Exception {
    redress("exceptions", "add", "--scope", "region=eu-west-1", "--reason", "lab region", "--approver", "ciso",
        "--expires", "10d");
    redress("exceptions", "add", "--scope", SANDBOX, "--reason", "sandbox", "--approver", "ciso", "--expires", "10d");
    String expiry = LocalDate.now(ZoneOffset.UTC).plusDays(20).toString();
    Path file = Files.writeString(dir.resolve("exceptions.yaml"), """
        exceptions:
          - scope: %s
            reason: serves public content
            approver: ciso@example.com
            expires: %s
          - scope: {account: "111122223333", control: S3.8}
            reason: sandbox, renewed
            approver: ciso
            expires: %s
        """.formatted(SITE, expiry, expiry));

    Cli.Run dryRun = redress("exceptions", "sync", file.toString(), "--dry-run");
    assertThat(dryRun.status()).as(dryRun.err()).isZero();
    assertThat(dryRun.out()).contains("+ " + SITE + ": approved by ciso@example.com")
        .contains("~ " + SANDBOX + ": expires").contains("reason -> \"sandbox, renewed\"")
        .contains("- region=eu-west-1: was approved by ciso")
        .contains("Dry run, nothing published: would add 1, change 1, revoke 1; 0 unchanged.");
    assertThat(redress("exceptions", "list").out()).contains("region=eu-west-1").doesNotContain(SITE);

    Cli.Run sync = redress("exceptions", "sync", file.toString());
    assertThat(sync.status()).as(sync.err()).isZero();
    assertThat(sync.out()).contains("Synced: added 1, changed 1, revoked 1; 0 unchanged.");
    assertThat(redress("exceptions", "list").out()).contains(SITE).contains("sandbox, renewed")
        .doesNotContain("region=eu-west-1");

    assertThat(redress("exceptions", "sync", file.toString()).out())
        .contains("Synced: added 0, changed 0, revoked 0; 2 unchanged.");
  }
}
