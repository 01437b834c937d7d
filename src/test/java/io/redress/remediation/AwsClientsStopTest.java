package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.RedressConfig.AccountRole;
import io.redress.config.RedressConfig.AwsSettings;
import io.redress.contract.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The executor's AWS calls stopped the way the record loop's close stops the records in hand (an interrupt, then one
 * each second), against a local endpoint that accepts connections and never answers, as AWS may when the network
 * between fails. The loop leaves a command 15 s from its first interrupt before it gives up on the stop.
 */
class AwsClientsStopTest {

  private static final String OWN_ACCOUNT = "123456789012";
  private static final String ROLE_ACCOUNT = "210987654321";
  /** Well inside the loop's 15 s, and below the 15 s after which the SDK's own attempt timeout would end the call. */
  private static final Duration PROMPTLY = Duration.ofSeconds(10);

  @Test
  void aCallAwsNeverAnswersEndsSoonAfterTheCommandIsInterruptedAndTheInterruptIsKept() throws Exception {
    try (SilentEndpoint aws = new SilentEndpoint(); AwsClients clients = clients(aws)) {
      Stopped stopped = stopWhileWaiting(aws, () -> {
        try (AwsSession session = clients.session(bucketIn(OWN_ACCOUNT), "own-account-command")) {
          session.s3().getBucketVersioning(request -> request.bucket("silent"));
        }
      });

      assertThat(stopped.afterFirstInterrupt()).isLessThan(PROMPTLY);
      assertThat(stopped.thrown()).isInstanceOf(SdkClientException.class);
      assertThat(stopped.interrupted()).as("the caller still sees it was interrupted").isTrue();
    }
  }

  @Test
  void assumingAnAccountsRoleAwsNeverAnswersEndsSoonAfterTheCommandIsInterruptedAndTheInterruptIsKept()
      throws Exception {
    try (SilentEndpoint aws = new SilentEndpoint(); AwsClients clients = clients(aws)) {
      Stopped stopped = stopWhileWaiting(aws, () -> clients.session(bucketIn(ROLE_ACCOUNT), "cross-account-command")
          .close());

      assertThat(stopped.afterFirstInterrupt()).isLessThan(PROMPTLY);
      assertThat(stopped.thrown()).isInstanceOf(SdkClientException.class);
      assertThat(stopped.interrupted()).as("the caller still sees it was interrupted").isTrue();
    }
  }

  private record Stopped(Throwable thrown, boolean interrupted, Duration afterFirstInterrupt) {
  }

  /** Runs {@code call} on a thread of its own and, once its request waits at the endpoint, stops it as the loop does. */
  private static Stopped stopWhileWaiting(SilentEndpoint aws, Runnable call) throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> interrupted = new AtomicReference<>();
    long[] ended = new long[1];
    Thread command = new Thread(() -> {
      try {
        call.run();
      } catch (RuntimeException e) {
        thrown.set(e);
      }
      interrupted.set(Thread.currentThread().isInterrupted());
      ended[0] = System.nanoTime();
    }, "command");
    command.start();
    assertThat(aws.waiting.await(60, TimeUnit.SECONDS)).as("the call reached the endpoint").isTrue();
    Thread.sleep(1000); // the call has been waiting on its socket for a while when the loop's patience runs out
    long firstInterrupt = System.nanoTime();
    do {
      command.interrupt();
      command.join(1000);
    } while (command.isAlive() && System.nanoTime() - firstInterrupt < Duration.ofSeconds(90).toNanos());
    assertThat(command.isAlive()).as("the call ended").isFalse();
    return new Stopped(thrown.get(), interrupted.get(), Duration.ofNanos(ended[0] - firstInterrupt));
  }

  private static AwsClients clients(SilentEndpoint aws) {
    AwsSettings settings = new AwsSettings(true, "us-east-1", Optional.of(aws.uri()),
        Map.of(ROLE_ACCOUNT, new AccountRole("arn:aws:iam::" + ROLE_ACCOUNT + ":role/redress", Optional.empty())),
        false);
    return new AwsClients(settings, StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret")));
  }

  private static Resource bucketIn(String account) {
    return Resource.newBuilder().setType("AwsS3Bucket").setId("arn:aws:s3:::silent").setPartition("aws")
        .setAccount(account).setRegion("us-east-1").build();
  }

  /**
   * Tells a caller it is in {@link #OWN_ACCOUNT} (STS GetCallerIdentity, which the executor asks before it acts in its
   * own account) and leaves every other request unanswered, its connection open.
   */
  private static final class SilentEndpoint implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final CountDownLatch waiting = new CountDownLatch(1);

    SilentEndpoint() throws IOException {
      Thread accepting = new Thread(this::accept, "silent-endpoint");
      accepting.setDaemon(true);
      accepting.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket connection = server.accept();
          open.add(connection);
          if (request(connection.getInputStream()).contains("Action=GetCallerIdentity")) {
            answerCallerIdentity(connection.getOutputStream());
          } else {
            waiting.countDown();
          }
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    private static String request(InputStream in) throws IOException {
      StringBuilder head = new StringBuilder();
      for (int c = in.read(); c >= 0; c = in.read()) {
        head.append((char) c);
        if (head.toString().endsWith("\r\n\r\n")) {
          break;
        }
      }
      int length = head.toString().lines().map(line -> line.toLowerCase(Locale.ROOT))
          .filter(line -> line.startsWith("content-length:"))
          .map(line -> Integer.parseInt(line.substring("content-length:".length()).trim()))
          .findFirst().orElse(0);
      return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static void answerCallerIdentity(OutputStream out) throws IOException {
      byte[] body = ("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
          + "<GetCallerIdentityResult><Arn>arn:aws:iam::" + OWN_ACCOUNT + ":user/redress</Arn><UserId>AIDAREDRESS"
          + "</UserId><Account>" + OWN_ACCOUNT + "</Account></GetCallerIdentityResult></GetCallerIdentityResponse>")
          .getBytes(StandardCharsets.UTF_8);
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: " + body.length
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket connection : open) {
        connection.close();
      }
    }
  }
}
