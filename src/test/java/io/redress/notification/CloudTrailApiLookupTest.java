package io.redress.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;

/**
 * The CloudTrail LookupEvents fallback, tested at its HTTP boundary (moto does not implement LookupEvents): a local
 * server answers as CloudTrail's JSON API does, and sees the request the SDK sent.
 */
class CloudTrailApiLookupTest {

  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String answer = "{\"Events\": []}";
  private HttpServer cloudTrail;
  private CloudTrailApiLookup lookup;

  @BeforeEach
  void start() throws IOException {
    cloudTrail = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    cloudTrail.createContext("/", exchange -> {
      requests.add(exchange.getRequestHeaders().getFirst("X-Amz-Target") + " "
          + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] body = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    cloudTrail.start();
    lookup = new CloudTrailApiLookup(CloudTrailClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + cloudTrail.getAddress().getPort()))
        .region(Region.EU_WEST_1).httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build());
  }

  @AfterEach
  void stop() {
    lookup.close();
    cloudTrail.stop(0);
  }

  private Recipients.Recipient recipientOfUnattributedBucket() {
    return recipientOfUnattributedBucket(lookup);
  }

  private static Recipients.Recipient recipientOfUnattributedBucket(CloudTrailApiLookup lookup) {
    return new Recipients(CreatorLookup.findingActor().then(lookup), "security@example.com",
        Optional.of("example.com")).ofLesson(TestNotifications.finding("S3.8").setActor(null).build());
  }

  private CloudTrailApiLookup lookupOnClock(AtomicLong nanos) {
    return new CloudTrailApiLookup(CloudTrailClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + cloudTrail.getAddress().getPort()))
        .region(Region.EU_WEST_1).httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build(), nanos::get);
  }

  private static String event(String eventName, String userArn) throws IOException {
    Map<String, Object> record = Map.of("eventName", eventName, "recipientAccountId", TestNotifications.ACCOUNT,
        "userIdentity", Map.of("type", "IAMUser", "arn", userArn),
        "requestParameters", Map.of("bucketName", "team-reports"));
    return new ObjectMapper().writeValueAsString(Map.of("EventName", eventName, "EventTime", 1.7e9,
        "CloudTrailEvent", new ObjectMapper().writeValueAsString(record)));
  }

  @Test
  void theBucketsCreatorIsAskedForByResourceNameAndFoundInTheEventHistory() throws IOException {
    answer = "{\"Events\": [" + event("PutBucketAcl", "arn:aws:iam::111122223333:user/mallory") + ", "
        + event("CreateBucket", "arn:aws:iam::111122223333:user/erin") + "]}";

    Recipients.Recipient recipient = recipientOfUnattributedBucket();

    assertThat(recipient.address()).isEqualTo("erin@example.com");
    assertThat(recipient.foundBy()).isEqualTo("CloudTrail's event history shows who created it (CreateBucket)");
    assertThat(requests).singleElement().satisfies(request -> assertThat(request)
        .startsWith("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents ")
        .contains("\"AttributeKey\":\"ResourceName\"").contains("\"AttributeValue\":\"team-reports\""));
  }

  @Test
  void theApiIsNotAskedWhenTheFindingNamesTheCreator() {
    new Recipients(CreatorLookup.findingActor().then(lookup), "security@example.com", Optional.of("example.com"))
        .ofLesson(TestNotifications.finding("S3.8").build());

    assertThat(requests).isEmpty();
  }

  @Test
  void aFloodOfLessonsAsksNoMoreOftenThanCloudTrailAllowsAndTheRestGoOnAtOnce() throws IOException {
    answer = "{\"Events\": [" + event("CreateBucket", "arn:aws:iam::111122223333:user/erin") + "]}";
    AtomicLong nanos = new AtomicLong(1_000_000_000L);
    try (CloudTrailApiLookup paced = lookupOnClock(nanos)) {
      // Two at once, as CloudTrail allows; the third in the same instant is not asked.
      assertThat(recipientOfUnattributedBucket(paced).address()).isEqualTo("erin@example.com");
      assertThat(recipientOfUnattributedBucket(paced).address()).isEqualTo("erin@example.com");
      assertThat(recipientOfUnattributedBucket(paced).address()).isEqualTo("security@example.com");
      assertThat(requests).hasSize(2);

      // One more every half second, not a nanosecond earlier.
      nanos.addAndGet(499_999_999L);
      assertThat(recipientOfUnattributedBucket(paced).address()).isEqualTo("security@example.com");
      nanos.addAndGet(1);
      assertThat(recipientOfUnattributedBucket(paced).address()).isEqualTo("erin@example.com");
      assertThat(recipientOfUnattributedBucket(paced).address()).isEqualTo("security@example.com");
      assertThat(requests).hasSize(3);

      // A quiet spell refills two, never more.
      nanos.addAndGet(60_000_000_000L);
      for (int i = 0; i < 5; i++) {
        recipientOfUnattributedBucket(paced);
      }
      assertThat(requests).hasSize(5);
    }
  }

  @Test
  void aFailingApiSendsTheLessonToTheSecurityContact() {
    status = 400;
    answer = "{\"__type\": \"AccessDeniedException\", \"message\": \"not authorized\"}";

    assertThat(recipientOfUnattributedBucket().address()).isEqualTo("security@example.com");
  }
}
