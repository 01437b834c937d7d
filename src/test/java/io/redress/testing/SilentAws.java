package io.redress.testing;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An AWS endpoint that accepts connections and never answers, as AWS may when the network between fails, except to
 * tell a caller it is in {@code account} (STS GetCallerIdentity, which Redress asks before it acts or looks anything
 * up in its own account): every other request is left unanswered, its connection open.
 */
public final class SilentAws implements AutoCloseable {

  private final String account;
  private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final CountDownLatch waiting = new CountDownLatch(1);

  public SilentAws(String account) throws IOException {
    this.account = account;
    Thread accepting = new Thread(this::accept, "silent-aws");
    accepting.setDaemon(true);
    accepting.start();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** How a call ended: what it threw, whether its thread was still interrupted, how long after the first interrupt. */
  public record Stopped(Throwable thrown, boolean interrupted, Duration afterFirstInterrupt) {
  }

  /**
   * Runs {@code call} on a thread of its own and, once its request has waited here a second, stops it as a record
   * loop's close stops the records in hand: an interrupt, then one each second.
   */
  public Stopped stopWhileWaiting(Runnable call) throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> interrupted = new AtomicReference<>();
    long[] ended = new long[1];
    Thread caller = new Thread(() -> {
      try {
        call.run();
      } catch (RuntimeException e) {
        thrown.set(e);
      }
      interrupted.set(Thread.currentThread().isInterrupted());
      ended[0] = System.nanoTime();
    }, "caller");
    caller.start();
    assertThat(waiting.await(60, TimeUnit.SECONDS)).as("the call reached the endpoint").isTrue();
    Thread.sleep(1000);
    long firstInterrupt = System.nanoTime();
    do {
      caller.interrupt();
      caller.join(1000);
    } while (caller.isAlive() && System.nanoTime() - firstInterrupt < Duration.ofSeconds(90).toNanos());
    assertThat(caller.isAlive()).as("the call ended").isFalse();
    return new Stopped(thrown.get(), interrupted.get(), Duration.ofNanos(ended[0] - firstInterrupt));
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

  private void answerCallerIdentity(OutputStream out) throws IOException {
    byte[] body = ("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
        + "<GetCallerIdentityResult><Arn>arn:aws:iam::" + account + ":user/redress</Arn><UserId>AIDAREDRESS"
        + "</UserId><Account>" + account + "</Account></GetCallerIdentityResult></GetCallerIdentityResponse>")
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
