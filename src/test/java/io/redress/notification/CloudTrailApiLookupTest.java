package io.redress.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.redress.contract.Finding;
import io.redress.contract.Resource;
import io.redress.resource.OwnAccount;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The CloudTrail LookupEvents fallback, tested at its HTTP boundary (moto does not implement LookupEvents): a local
 * server answers as CloudTrail's JSON API and STS's GetCallerIdentity do, and sees the requests the SDK sent.
 */
class CloudTrailApiLookupTest {

  private static final String OTHER_ACCOUNT = "444455556666";
  private static final Pattern SIGNED_REGION = Pattern.compile("Credential=[^/]+/\\d{8}/([^/]+)/cloudtrail/");

  /** Each LookupEvents request: the region it was signed for, then its body. */
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger callerIdentityRequests = new AtomicInteger();
  private volatile int status = 200;
  private volatile String answer = "{\"Events\": []}";
  /** The answers to requests for a further page, by the page's token; the first page is {@link #answer}. */
  private final Map<String, String> pages = new ConcurrentHashMap<>();
  private static final Pattern NEXT_TOKEN = Pattern.compile("\"NextToken\":\"([^\"]+)\"");
  private volatile int stsStatus = 200;
  private final List<OwnAccount> ownAccounts = new CopyOnWriteArrayList<>();
  private HttpServer aws;
  private CloudTrailApiLookup lookup;

  @BeforeEach
  void start() throws IOException {
    aws = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    aws.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      int code;
      byte[] reply;
      if (target == null) {
        callerIdentityRequests.incrementAndGet();
        code = stsStatus;
        reply = (stsStatus == 200 ? callerIdentity(TestNotifications.ACCOUNT)
            : "<ErrorResponse><Error><Code>InvalidClientTokenId</Code><Message>bad</Message></Error></ErrorResponse>")
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
      } else {
        Matcher region = SIGNED_REGION.matcher(exchange.getRequestHeaders().getFirst("Authorization"));
        requests.add((region.find() ? region.group(1) : "?") + " " + target + " " + body);
        code = status;
        Matcher token = NEXT_TOKEN.matcher(body);
        reply = (token.find() ? pages.get(token.group(1)) : answer).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
      }
      exchange.sendResponseHeaders(code, reply.length);
      exchange.getResponseBody().write(reply);
      exchange.close();
    });
    aws.start();
    lookup = lookupOnClock(new AtomicLong(1_000_000_000L));
  }

  @AfterEach
  void stop() {
    lookup.close();
    ownAccounts.forEach(OwnAccount::close);
    aws.stop(0);
  }

  private static String callerIdentity(String account) {
    return "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
        + "<Arn>arn:aws:sts::" + account + ":assumed-role/redress-notifier/pod</Arn><UserId>AROA:pod</UserId>"
        + "<Account>" + account + "</Account></GetCallerIdentityResult>"
        + "<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>";
  }

  private URI endpoint() {
    return URI.create("http://127.0.0.1:" + aws.getAddress().getPort());
  }

  /** A lookup whose clock moves half a second each time it is read: the API's rate never runs out. */
  private CloudTrailApiLookup lookupWithRateToSpare() {
    AtomicLong nanos = new AtomicLong(1_000_000_000L);
    return lookupOnClock(() -> nanos.addAndGet(CloudTrailApiLookup.NANOS_PER_REQUEST));
  }

  private CloudTrailApiLookup lookupOnClock(AtomicLong nanos) {
    return lookupOnClock(nanos::get);
  }

  private CloudTrailApiLookup lookupOnClock(LongSupplier nanos) {
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
        AwsBasicCredentials.create("testing", "testing"));
    OwnAccount ownAccount = new OwnAccount(StsClient.builder().endpointOverride(endpoint()).region(Region.EU_WEST_1)
        .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(credentials).build(), nanos);
    ownAccounts.add(ownAccount);
    return new CloudTrailApiLookup(region -> CloudTrailClient.builder().endpointOverride(endpoint()).region(region)
        .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(credentials).build(), ownAccount,
        nanos);
  }

  private Recipients.Recipient recipientOfUnattributedBucket() {
    return recipientOfUnattributedBucket(lookup);
  }

  private static Recipients.Recipient recipientOfUnattributedBucket(CloudTrailApiLookup lookup) {
    return recipientOf(lookup, TestNotifications.finding("S3.8").setActor(null).build());
  }

  private static Recipients.Recipient recipientOf(CloudTrailApiLookup lookup, Finding finding) {
    return new Recipients(CreatorLookup.findingActor().then(lookup), "security@example.com",
        Optional.of("example.com")).ofLesson(finding);
  }

  private static String event(String eventName, String userArn) throws IOException {
    return event(eventName, userArn, TestNotifications.ACCOUNT, Map.of("bucketName", "team-reports"));
  }

  private static String event(String eventName, String userArn, String account, Map<String, String> parameters)
      throws IOException {
    return event(eventName.equals("CreateUser") ? "iam" : "s3", "us-east-1", eventName, userArn, account, parameters);
  }

  private static String event(String service, String region, String eventName, String userArn, String account,
      Map<String, String> parameters) throws IOException {
    Map<String, Object> record = Map.of("eventSource", service + ".amazonaws.com", "eventName", eventName,
        "awsRegion", region, "recipientAccountId", account,
        "userIdentity", Map.of("type", "IAMUser", "arn", userArn), "requestParameters", parameters);
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
        .startsWith("eu-west-1 com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents ")
        .contains("\"AttributeKey\":\"ResourceName\"").contains("\"AttributeValue\":\"team-reports\""));
  }

  /** A busy resource's rule and permission changes can push its creation past the first page. */
  @Test
  void theCreationIsLookedForOnOlderPagesWhenTheFirstHoldsOnlyChanges() throws IOException {
    answer = "{\"Events\": [" + event("PutBucketAcl", "arn:aws:iam::111122223333:user/mallory")
        + "], \"NextToken\": \"page-2\"}";
    pages.put("page-2", "{\"Events\": [" + event("PutBucketPolicy", "arn:aws:iam::111122223333:user/trent")
        + "], \"NextToken\": \"page-3\"}");
    pages.put("page-3", "{\"Events\": [" + event("CreateBucket", "arn:aws:iam::111122223333:user/erin")
        + "], \"NextToken\": \"page-4\"}");

    Recipients.Recipient recipient = recipientOfUnattributedBucket(lookupWithRateToSpare());

    assertThat(recipient.address()).isEqualTo("erin@example.com");
    assertThat(requests).hasSize(3);
    assertThat(requests.get(2)).contains("\"NextToken\":\"page-3\"");
  }

  @Test
  void noMorePagesAreReadThanTheBoundForOneLesson() throws IOException {
    answer = "{\"Events\": [], \"NextToken\": \"more\"}";
    pages.put("more", answer);

    Recipients.Recipient recipient = recipientOfUnattributedBucket(lookupWithRateToSpare());

    assertThat(recipient.address()).isEqualTo("security@example.com");
    assertThat(requests).hasSize(CloudTrailApiLookup.MOST_PAGES);
  }

  /** A further page waits for no one: past the region's rate, the lesson goes on with what the pages read so far. */
  @Test
  void furtherPagesAreReadOnlyWhileTheRegionsRateAllows() throws IOException {
    answer = "{\"Events\": [], \"NextToken\": \"more\"}";
    pages.put("more", answer);

    Recipients.Recipient recipient = recipientOfUnattributedBucket();

    assertThat(recipient.address()).isEqualTo("security@example.com");
    assertThat(requests).hasSize(CloudTrailApiLookup.REQUESTS_PER_SECOND);
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

  /** Findings name the region asked; well-formed invented ones must not each keep a client open forever. */
  @Test
  void findingsInManyInventedRegionsKeepNoMoreClientsThanTheBoundAndCloseTheLeastRecentlyUsed() {
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
        AwsBasicCredentials.create("testing", "testing"));
    List<String> closed = new CopyOnWriteArrayList<>();
    Function<Region, CloudTrailClient> connect = region -> {
      CloudTrailClient client = CloudTrailClient.builder().endpointOverride(endpoint()).region(region)
          .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(credentials).build();
      return (CloudTrailClient) Proxy.newProxyInstance(CloudTrailClient.class.getClassLoader(),
          new Class<?>[] {CloudTrailClient.class}, (proxy, method, args) -> {
            if (method.getName().equals("close")) {
              closed.add(region.id());
            }
            try {
              return method.invoke(client, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    };
    OwnAccount ownAccount = new OwnAccount(StsClient.builder().endpointOverride(endpoint()).region(Region.EU_WEST_1)
        .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(credentials).build(), System::nanoTime);
    ownAccounts.add(ownAccount);
    int regions = CloudTrailApiLookup.MOST_REGIONS + 36;

    try (CloudTrailApiLookup lookup = new CloudTrailApiLookup(connect, ownAccount, System::nanoTime)) {
      for (int i = 0; i < regions; i++) {
        String region = "xx-invented-" + i;
        recipientOf(lookup, unattributed(resource -> resource.setRegion(region)));
      }

      assertThat(requests).hasSize(regions);
      assertThat(closed).containsExactlyElementsOf(IntStream.range(0, 36).mapToObj(i -> "xx-invented-" + i).toList());
    }
    assertThat(closed).hasSize(regions);
  }

  @Test
  void aFailingApiSendsTheLessonToTheSecurityContact() {
    status = 400;
    answer = "{\"__type\": \"AccessDeniedException\", \"message\": \"not authorized\"}";

    assertThat(recipientOfUnattributedBucket().address()).isEqualTo("security@example.com");
  }

  private static Finding unattributed(UnaryOperator<Resource.Builder> resource) {
    Finding.Builder finding = TestNotifications.finding("S3.8").setActor(null);
    return finding.setResource(resource.apply(Resource.newBuilder(finding.getResource())).build()).build();
  }

  @Test
  void aSameNamedResourceCreatedInAnotherAccountIsNotTheCreator() throws IOException {
    answer = "{\"Events\": [" + event("CreateBucket", "arn:aws:iam::" + OTHER_ACCOUNT + ":user/mallory",
        OTHER_ACCOUNT, Map.of("bucketName", "team-reports")) + "]}";

    assertThat(recipientOfUnattributedBucket().address()).isEqualTo("security@example.com");
    assertThat(requests).hasSize(1);
  }

  @Test
  void aResourceOfAnotherAccountIsNotAskedAboutSinceOnlyTheOwnAccountsHistoryCanBeRead() throws IOException {
    answer = "{\"Events\": [" + event("CreateBucket", "arn:aws:iam::111122223333:user/erin") + "]}";

    Recipients.Recipient recipient = recipientOf(lookup, unattributed(resource -> resource.setAccount(OTHER_ACCOUNT)));

    assertThat(recipient.address()).isEqualTo("security@example.com");
    assertThat(requests).isEmpty();
    assertThat(callerIdentityRequests).hasValue(1);
  }

  @Test
  void theHistoryIsReadInTheResourcesRegion() throws IOException {
    answer = "{\"Events\": [" + event("CreateBucket", "arn:aws:iam::111122223333:user/erin") + "]}";

    Recipients.Recipient recipient = recipientOf(lookup, unattributed(resource -> resource.setRegion("us-west-2")));

    assertThat(recipient.address()).isEqualTo("erin@example.com");
    assertThat(requests).singleElement().asString().startsWith("us-west-2 ");
  }

  @Test
  void iamCreationsAreReadInThePartitionsHomeRegionWhereCloudTrailRecordsThem() throws IOException {
    answer = "{\"Events\": [" + event("CreateUser", "arn:aws:iam::111122223333:user/erin",
        TestNotifications.ACCOUNT, Map.of("userName", "build-bot")) + "]}";

    Recipients.Recipient recipient = recipientOf(lookup, unattributed(resource -> resource.setType("AwsIamUser")
        .setId("arn:aws:iam::111122223333:user/ci/build-bot").setRegion("eu-west-1")));

    assertThat(recipient.address()).isEqualTo("erin@example.com");
    assertThat(requests).singleElement().asString().startsWith("us-east-1 ")
        .contains("\"AttributeValue\":\"build-bot\"");
  }

  @Test
  void anInstanceLaunchedBesideOthersByOneRunInstancesIsCreditedToItsCaller() throws IOException {
    Map<String, Object> record = Map.of("eventSource", "ec2.amazonaws.com", "eventName", "RunInstances",
        "awsRegion", "eu-west-1", "recipientAccountId", TestNotifications.ACCOUNT,
        "userIdentity", Map.of("type", "IAMUser", "arn", "arn:aws:iam::111122223333:user/erin"),
        "responseElements", Map.of("instancesSet", Map.of("items", List.of(
            Map.of("instanceId", "i-0aaaaaaaaaaaaaaa1"), Map.of("instanceId", "i-0aaaaaaaaaaaaaaa2")))));
    answer = "{\"Events\": [" + new ObjectMapper().writeValueAsString(Map.of("EventName", "RunInstances",
        "EventTime", 1.7e9, "CloudTrailEvent", new ObjectMapper().writeValueAsString(record))) + "]}";

    Recipients.Recipient recipient = recipientOf(lookup, unattributed(resource -> resource.setType("AwsEc2Instance")
        .setId("arn:aws:ec2:eu-west-1:111122223333:instance/i-0aaaaaaaaaaaaaaa2")));

    assertThat(recipient.address()).isEqualTo("erin@example.com");
    assertThat(requests).singleElement().asString().contains("\"AttributeValue\":\"i-0aaaaaaaaaaaaaaa2\"");
  }

  @Test
  void aSameNamedResourceOfAnotherServiceInTheHistoryIsNotTheCreator() throws IOException {
    answer = "{\"Events\": [" + event("sns", "eu-west-1", "CreateTopic", "arn:aws:iam::111122223333:user/alice",
        TestNotifications.ACCOUNT, Map.of("name", "orders")) + "]}";

    Recipients.Recipient recipient = recipientOf(lookup, unattributed(resource -> resource.setType("AwsSqsQueue")
        .setId("arn:aws:sqs:eu-west-1:111122223333:orders")));

    assertThat(requests).singleElement().asString().contains("\"AttributeValue\":\"orders\"");
    assertThat(recipient.isCreator()).isFalse();
  }

  @Test
  void eachRegionHasARateOfItsOwn() {
    recipientOfUnattributedBucket();
    recipientOfUnattributedBucket();
    recipientOfUnattributedBucket();
    assertThat(requests).hasSize(2);

    recipientOf(lookup, unattributed(resource -> resource.setRegion("us-west-2")));

    assertThat(requests).hasSize(3).last().asString().startsWith("us-west-2 ");
  }

  @Test
  void whileStsCannotNameTheOwnAccountNothingIsAskedAndStsIsAskedAgainAfterAMinute() throws IOException {
    answer = "{\"Events\": [" + event("CreateBucket", "arn:aws:iam::111122223333:user/erin") + "]}";
    stsStatus = 403;
    AtomicLong nanos = new AtomicLong(5_000_000_000L);
    try (CloudTrailApiLookup unsure = lookupOnClock(nanos)) {
      assertThat(recipientOfUnattributedBucket(unsure).address()).isEqualTo("security@example.com");
      assertThat(callerIdentityRequests).hasValue(1);
      stsStatus = 200;

      nanos.addAndGet(OwnAccount.ASK_AGAIN_NANOS - 1);
      assertThat(recipientOfUnattributedBucket(unsure).address()).isEqualTo("security@example.com");
      assertThat(callerIdentityRequests).hasValue(1);
      assertThat(requests).isEmpty();

      nanos.addAndGet(1);
      assertThat(recipientOfUnattributedBucket(unsure).address()).isEqualTo("erin@example.com");
      assertThat(recipientOfUnattributedBucket(unsure).address()).isEqualTo("erin@example.com");
      assertThat(callerIdentityRequests).as("the account, once known, is kept").hasValue(2);
      assertThat(requests).hasSize(2);
    }
  }
}
