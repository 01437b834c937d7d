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
 * read back), counting every request it receives, so a test can tell whether anything called AWS.
 */
final class FakeS3 implements AutoCloseable {

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
    exchange.getRequestBody().readAllBytes();
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
