package io.redress.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * STS, S3 and RDS as far as the block-public-access action needs them, recording every request it receives, for what
 * moto cannot show: the headers a request carried, the region it was signed for, whether anything called AWS at all.
 * STS names the executor's own account ({@value #OWN_ACCOUNT}) and grants any role; a bucket has no Block Public
 * Access configuration until one is put, and carries {@link #tags}; RDS describes one public DB instance, whichever is
 * asked for. A request {@link #stopOn} names interrupts the command's thread and is never answered, as AWS may not
 * when stopped.
 */
public final class FakeAws implements AutoCloseable {

  /** The account the executor's own credentials belong to. */
  public static final String OWN_ACCOUNT = "111122223333";
  /** The account of every role assumed. */
  public static final String ROLE_ACCOUNT = "444455556666";
  /** The access key of every role session. */
  public static final String ROLE_KEY = "ASIAROLESESSION";
  public static final String DBI_RESOURCE_ID = "db-ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final Set<String> STS = Set.of("GetCallerIdentity", "AssumeRole");
  private static final String NO_CONFIGURATION = "<Error><Code>NoSuchPublicAccessBlockConfiguration</Code>"
      + "<Message>none</Message></Error>";
  private static final String ALL_ON = "<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls>"
      + "<IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy>"
      + "<RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>";

  public record Request(String method, String target, Map<String, List<String>> headers, String body) {

    public String line() {
      return method + " " + target;
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
          .map(header -> header.getValue().get(0)).findFirst().orElse(null);
    }

    /** The region the request was signed for, from its SigV4 credential scope. */
    public String signedFor() {
      return header("Authorization").replaceFirst(".*Credential=[^/]+/\\d+/([^/]+)/.*", "$1");
    }

    /** The action of a request of the query protocol (STS, RDS); null for S3's. */
    public String action() {
      return body.startsWith("Action=") ? body.replaceFirst("^Action=([^&]*).*", "$1") : null;
    }
  }

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Set<String> blocked = ConcurrentHashMap.newKeySet();
  private volatile Map<String, String> tags = Map.of();
  private volatile String stopOn;
  private volatile Thread stopped;

  public FakeAws() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(handlers);
    server.createContext("/", exchange -> {
      Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
          Map.copyOf(exchange.getRequestHeaders()),
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      requests.add(request);
      if (request.line().equals(stopOn)) {
        stopped.interrupt();
        try {
          closed.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        exchange.close();
        return;
      }
      answer(exchange, request);
    });
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The tags every bucket carries from now on. */
  public void tags(Map<String, String> tags) {
    this.tags = Map.copyOf(tags);
  }

  /** The request whose line ({@code GET /bucket?publicAccessBlock}) this is interrupts {@code thread}. */
  public void stopOn(String line, Thread thread) {
    stopped = thread;
    stopOn = line;
  }

  /** Every request received so far, in order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public List<Request> stsRequests() {
    return requests.stream().filter(request -> request.action() != null && STS.contains(request.action())).toList();
  }

  public List<String> queryActions() {
    return requests.stream().map(Request::action).filter(Objects::nonNull).toList();
  }

  public List<Request> s3Requests() {
    return requests.stream().filter(request -> request.action() == null).toList();
  }

  private void answer(HttpExchange exchange, Request request) throws IOException {
    String target = request.target();
    String bucket = exchange.getRequestURI().getPath().replaceAll("^/+|/+$", "");
    if (request.body().contains("Action=GetCallerIdentity")) {
      reply(exchange, 200, "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::" + OWN_ACCOUNT
          + ":user/redress</Arn><UserId>AIDAREDRESS</UserId><Account>" + OWN_ACCOUNT
          + "</Account></GetCallerIdentityResult></GetCallerIdentityResponse>");
    } else if (request.body().contains("Action=AssumeRole")) {
      reply(exchange, 200, "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>" + ROLE_KEY
          + "</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken>"
          + "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROA:r"
          + "</AssumedRoleId><Arn>arn:aws:sts::" + ROLE_ACCOUNT + ":assumed-role/redress-remediator/r</Arn>"
          + "</AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>");
    } else if (request.body().contains("Action=DescribeDBInstances")) {
      reply(exchange, 200, "<DescribeDBInstancesResponse><DescribeDBInstancesResult><DBInstances><DBInstance>"
          + "<DBInstanceIdentifier>orders</DBInstanceIdentifier><DbiResourceId>" + DBI_RESOURCE_ID
          + "</DbiResourceId><DBInstanceArn>arn:aws:rds:us-east-1:" + OWN_ACCOUNT + ":db:orders</DBInstanceArn>"
          + "<PubliclyAccessible>true</PubliclyAccessible><DBInstanceStatus>available</DBInstanceStatus>"
          + "</DBInstance></DBInstances></DescribeDBInstancesResult></DescribeDBInstancesResponse>");
    } else if (target.endsWith("?tagging")) {
      reply(exchange, 200, "<Tagging><TagSet>" + tags.entrySet().stream()
          .map(tag -> "<Tag><Key>" + tag.getKey() + "</Key><Value>" + tag.getValue() + "</Value></Tag>")
          .collect(Collectors.joining()) + "</TagSet></Tagging>");
    } else if (target.endsWith("?publicAccessBlock") && request.method().equals("PUT")) {
      blocked.add(bucket);
      reply(exchange, 200, "");
    } else if (target.endsWith("?publicAccessBlock")) {
      reply(exchange, blocked.contains(bucket) ? 200 : 404, blocked.contains(bucket) ? ALL_ON : NO_CONFIGURATION);
    } else {
      reply(exchange, 400, "<Error><Code>NotFaked</Code><Message>" + request.line() + "</Message></Error>");
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/xml");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    handlers.shutdownNow();
  }
}
