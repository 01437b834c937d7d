package io.redress.audit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Just enough of S3 for the block-public-access action (path-style {@code /bucket?publicAccessBlock}: read, put,
 * read back), counting every request it receives, so a test can tell whether anything called AWS; and of STS for the
 * executor to learn its own account ({@value #OWN_ACCOUNT}) and to assume a role in any other.
 */
final class FakeS3 implements AutoCloseable {

  /** The account the executor's own credentials belong to. */
  static final String OWN_ACCOUNT = "111122223333";
  private static final String CALLER_IDENTITY = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/"
      + "2011-06-15/\"><GetCallerIdentityResult><Arn>arn:aws:iam::" + OWN_ACCOUNT + ":user/redress</Arn>"
      + "<UserId>AIDAREDRESS</UserId><Account>" + OWN_ACCOUNT + "</Account></GetCallerIdentityResult>"
      + "</GetCallerIdentityResponse>";
  private static final String ROLE_SESSION = "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
      + "<AssumeRoleResult><Credentials><AccessKeyId>ASIAREDRESS</AccessKeyId><SecretAccessKey>testing"
      + "</SecretAccessKey><SessionToken>token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration>"
      + "</Credentials><AssumedRoleUser><Arn>arn:aws:sts::444455556666:assumed-role/redress-remediator/redress"
      + "</Arn><AssumedRoleId>AROAREDRESS:redress</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>"
      + "</AssumeRoleResponse>";

  private static final String ALL_ON = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><PublicAccessBlockConfiguration"
      + " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><BlockPublicAcls>true</BlockPublicAcls>"
      + "<IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy>"
      + "<RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>";
  private static final String NONE = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error>"
      + "<Code>NoSuchPublicAccessBlockConfiguration</Code><Message>none</Message></Error>";

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private final Set<String> blocked = ConcurrentHashMap.newKeySet();

  FakeS3() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  int requests() {
    return requests.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    if (body.contains("Action=GetCallerIdentity")) {
      respond(exchange, 200, CALLER_IDENTITY);
      return;
    }
    if (body.contains("Action=AssumeRole")) {
      respond(exchange, 200, ROLE_SESSION);
      return;
    }
    String bucket = exchange.getRequestURI().getPath().replaceAll("^/+|/+$", "");
    if (exchange.getRequestMethod().equals("PUT")) {
      blocked.add(bucket);
      respond(exchange, 200, "");
    } else if (blocked.contains(bucket)) {
      respond(exchange, 200, ALL_ON);
    } else {
      respond(exchange, 404, NONE);
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/xml");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
