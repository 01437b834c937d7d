package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.RedressConfig.AwsSettings;
import io.redress.metrics.ProcessMetrics;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import org.junit.jupiter.api.Test;

/** Every command result is counted by control, action and status; names not in the catalogue add no series. */
class CommandMetersTest {

  private static final AwsSettings NO_AWS = new AwsSettings(false, "us-east-1", Optional.empty(), Map.of(), false);

  @Test
  void aResultIsCountedByItsControlActionAndStatus() {
    try (ProcessMetrics metrics = new ProcessMetrics();
        RemediationExecutor executor = new RemediationExecutor(NO_AWS, RemediationCatalogue.discover())) {
      executor.execute(Commands.command("s3-block-public-access",
          Commands.bucket("123456789012", "arn:aws:s3:::bucket-a"), false), Commands.NO_EXCEPTIONS);

      assertThat(metrics.registry().get("redress.commands").tags("control", "S3.8",
          "action", "s3-block-public-access", "status", "DRY_RUN").counter().count()).isEqualTo(1);
    }
  }

  @Test
  void anActionNotInTheCatalogueIsCountedAsUnregistered() {
    try (ProcessMetrics metrics = new ProcessMetrics();
        RemediationExecutor executor = new RemediationExecutor(NO_AWS, RemediationCatalogue.discover())) {
      executor.execute(Commands.command("made-up-" + System.nanoTime(),
          Commands.bucket("123456789012", "arn:aws:s3:::bucket-b"), false), Commands.NO_EXCEPTIONS);

      assertThat(metrics.registry().get("redress.commands").tags("control", "unregistered",
          "action", "unregistered", "status", "FAILED").counter().count()).isEqualTo(1);
      assertThat(metrics.registry().scrape()).doesNotContain("made-up-");
    }
  }

  @Test
  void anActionRunAgainstAwsIsTimedByItsName() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    AwsSettings unreachable = new AwsSettings(true, "us-east-1",
        Optional.of(URI.create("http://127.0.0.1:" + closed)), Map.of(), false);
    try (ProcessMetrics metrics = new ProcessMetrics();
        RemediationExecutor executor = new RemediationExecutor(unreachable, RemediationCatalogue.discover(),
            new AwsClients(unreachable, StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"))),
            Clock.systemUTC())) {
      executor.execute(Commands.command("s3-block-public-access",
          Commands.bucket("123456789012", "arn:aws:s3:::bucket-c"), false), Commands.NO_EXCEPTIONS);

      assertThat(metrics.registry().get("redress.action.duration").tag("action", "s3-block-public-access")
          .timer().count()).isEqualTo(1);
      assertThat(metrics.registry().get("redress.commands").tags("control", "S3.8",
          "action", "s3-block-public-access", "status", "FAILED").counter().count()).isEqualTo(1);
    }
  }
}
