package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.redress.config.RedressConfig.AwsSettings;
import io.micrometer.core.instrument.Timer;
import io.redress.metrics.ProcessMetrics;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
      executor.execute(Commands.command("s3-block-public-access", "S3.8",
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
    // STS names the executor's account, so the action starts; S3 then refuses its first call.
    HttpServer aws = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    aws.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      boolean sts = body.contains("Action=GetCallerIdentity");
      byte[] reply = (sts ? "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account>"
          + "</GetCallerIdentityResult></GetCallerIdentityResponse>"
          : "<Error><Code>AccessDenied</Code><Message>denied</Message></Error>").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/xml");
      exchange.sendResponseHeaders(sts ? 200 : 403, reply.length);
      exchange.getResponseBody().write(reply);
      exchange.close();
    });
    aws.start();
    AwsSettings refusing = new AwsSettings(true, "us-east-1",
        Optional.of(URI.create("http://127.0.0.1:" + aws.getAddress().getPort())), Map.of(), false);
    try (ProcessMetrics metrics = new ProcessMetrics();
        RemediationExecutor executor = new RemediationExecutor(refusing, RemediationCatalogue.discover(),
            new AwsClients(refusing, StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"))),
            Clock.systemUTC())) {
      long begin = System.nanoTime();
      executor.execute(Commands.command("s3-block-public-access", "S3.8",
          Commands.bucket("123456789012", "arn:aws:s3:::bucket-c"), false), Commands.NO_EXCEPTIONS);
      long took = System.nanoTime() - begin;

      Timer duration = metrics.registry().get("redress.action.duration").tag("action", "s3-block-public-access")
          .timer();
      assertThat(duration.count()).isEqualTo(1);
      assertThat(duration.totalTime(TimeUnit.NANOSECONDS)).isPositive().isLessThanOrEqualTo(took);
      assertThat(metrics.registry().get("redress.commands").tags("control", "S3.8",
          "action", "s3-block-public-access", "status", "FAILED").counter().count()).isEqualTo(1);
    } finally {
      aws.stop(0);
    }
  }
}
