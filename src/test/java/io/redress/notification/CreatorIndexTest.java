package io.redress.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.Topics;
import io.redress.contract.Finding;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/** The creator index, built from CloudTrail management events on redress.cloudtrail. */
class CreatorIndexTest {

  private static final String ACCOUNT = TestNotifications.ACCOUNT;
  private static final TopicPartition PARTITION = new TopicPartition(Topics.UNPREFIXED.cloudTrail(), 0);

  private int endOffsetRequests;
  /** The broker does not answer the index's request for the topic's end. */
  private boolean brokerAway;
  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
    @Override
    public synchronized Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
      endOffsetRequests++;
      if (brokerAway) {
        throw new TimeoutException("Failed to get offsets by times in 30000ms");
      }
      return super.endOffsets(partitions);
    }
  };
  private final CreatorIndex index = new CreatorIndex(consumer, Topics.UNPREFIXED.cloudTrail(),
      CreatorIndex.CATCH_UP_LIMIT);
  private long offset;

  private static String event(String eventName, String identity, String requestParameters) {
    String service = eventName.contains("Bucket") ? "s3" : "ec2";
    return event(service, "eu-west-1", eventName, identity, requestParameters);
  }

  private static String event(String service, String region, String eventName, String identity,
      String requestParameters) {
    return """
        {"version": "0", "detail-type": "AWS API Call via CloudTrail", "source": "aws.%1$s", "account": "%2$s",
         "region": "%3$s",
         "detail": {"eventSource": "%1$s.amazonaws.com", "eventName": "%4$s", "awsRegion": "%3$s",
                    "recipientAccountId": "%2$s", "userIdentity": %5$s, "requestParameters": %6$s}}
        """.formatted(service, ACCOUNT, region, eventName, identity, requestParameters);
  }

  private static String user(String name) {
    return "{\"type\": \"IAMUser\", \"arn\": \"arn:aws:iam::" + ACCOUNT + ":user/" + name + "\", \"accountId\": \""
        + ACCOUNT + "\"}";
  }

  private void publish(String... events) {
    consumer.updatePartitions(Topics.UNPREFIXED.cloudTrail(), List.of(new PartitionInfo(Topics.UNPREFIXED.cloudTrail(), 0, null, null, null)));
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    for (String event : events) {
      long at = offset++;
      consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(Topics.UNPREFIXED.cloudTrail(), 0, at, null,
          event.getBytes(StandardCharsets.UTF_8))));
    }
    consumer.updateEndOffsets(Map.of(PARTITION, offset));
  }

  private Recipients.Recipient recipientOf(Finding finding) {
    return new Recipients(CreatorLookup.findingActor().then(index), "security@example.com", Optional.of("example.com"))
        .ofLesson(finding);
  }

  @Test
  void theCreatorOfABucketIsFoundFromItsCreateBucketEventAndTheLessonSaysSo() {
    publish(event("CreateBucket", user("carol"), "{\"bucketName\": \"team-reports\"}"));

    Recipients.Recipient recipient = recipientOf(TestNotifications.finding("S3.8").setActor(null).build());

    assertThat(recipient.address()).isEqualTo("carol@example.com");
    assertThat(recipient.foundBy()).isEqualTo("CloudTrail recorded who created it (CreateBucket)");
  }

  @Test
  void aPollOfLessonsReadsTheIndexToItsEndOnceNotBeforeEveryLesson() {
    publish(event("CreateBucket", user("carol"), "{\"bucketName\": \"team-reports\"}"));
    Finding finding = TestNotifications.finding("S3.8").setActor(null).build();

    index.lessonsPolled();
    for (int lesson = 0; lesson < 3; lesson++) {
      assertThat(recipientOf(finding).address()).isEqualTo("carol@example.com");
    }
    assertThat(endOffsetRequests).isEqualTo(1);

    index.lessonsPolled();
    recipientOf(finding);
    assertThat(endOffsetRequests).isEqualTo(2);
  }

  @Test
  void aCreationPublishedAfterALookupIsSeenByTheNextPollsFirstLookup() {
    publish(event("CreateBucket", user("carol"), "{\"bucketName\": \"team-reports\"}"));
    assertThat(recipientOf(TestNotifications.finding("S3.8").setActor(null).build()).address())
        .isEqualTo("carol@example.com");

    publish(event("CreateBucket", user("dan"), "{\"bucketName\": \"team-archive\"}"));
    index.lessonsPolled();
    Finding.Builder archive = TestNotifications.finding("S3.8").setActor(null);
    archive.getResource().setId("arn:aws:s3:::team-archive");

    assertThat(recipientOf(archive.build()).address()).isEqualTo("dan@example.com");
  }

  @Test
  void anIndexThatCannotBeReadSendsTheLessonToTheNextSourceAndTheNextPollReadsItAgain() {
    publish(event("CreateBucket", user("carol"), "{\"bucketName\": \"team-reports\"}"));
    Finding.Builder tagged = TestNotifications.finding("S3.8").setActor(null);
    tagged.getResource().setTags(Map.of("owner", "dave@example.org"));
    Recipients recipients = new Recipients(index.then(CreatorLookup.tags(List.of("owner"))), "security@example.com",
        Optional.of("example.com"));

    brokerAway = true;
    assertThat(recipients.ofLesson(tagged.build()).address()).isEqualTo("dave@example.org");

    brokerAway = false;
    index.lessonsPolled();
    assertThat(recipients.ofLesson(tagged.build()).address()).isEqualTo("carol@example.com");
  }

  @Test
  void anUnreachableBrokerKeepsALookupNoLongerThanTheCatchUpLimitAndNamesNobody() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, Object> unreachable = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort);
    try (CreatorIndex away = new CreatorIndex(new KafkaConsumer<>(unreachable, new ByteArrayDeserializer(),
        new ByteArrayDeserializer()), Topics.UNPREFIXED.cloudTrail(), Duration.ofSeconds(1))) {
      long started = System.nanoTime();

      assertThat(away.candidates(TestNotifications.finding("S3.8").build())).isEmpty();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void theFindingsOwnActorComesBeforeTheIndex() {
    publish(event("CreateBucket", user("carol"), "{\"bucketName\": \"team-reports\"}"));

    assertThat(recipientOf(TestNotifications.finding("S3.8").build()).address()).isEqualTo("alice@example.com");
  }

  @Test
  void theFirstCreationIsKeptALaterCallOnTheResourceIsAChange() {
    publish(event("CreateBucket", user("carol"), "{\"bucketName\": \"team-reports\"}"),
        event("CreateBucket", user("mallory"), "{\"bucketName\": \"team-reports\"}"));

    assertThat(recipientOf(TestNotifications.finding("S3.8").setActor(null).build()).address())
        .isEqualTo("carol@example.com");
  }

  @Test
  void theEarliestCreationIsKeptWhicheverPartitionIsReadFirst() {
    // The connector keys the topic by SQS message id, so one resource's events lie on any partitions and the
    // consumer may return a later change before the creation.
    String topic = Topics.UNPREFIXED.cloudTrail();
    TopicPartition first = new TopicPartition(topic, 0);
    TopicPartition second = new TopicPartition(topic, 1);
    String changed = timed(event("AuthorizeSecurityGroupIngress", user("bob"),
        "{\"groupId\": \"sg-0123456789abcdef0\"}"), "2026-06-01T00:00:00Z");
    String created = timed(event("AuthorizeSecurityGroupIngress", user("alice"),
        "{\"groupId\": \"sg-0123456789abcdef0\"}"), "2026-01-01T00:00:00Z");
    String sameInstant = timed(event("AuthorizeSecurityGroupIngress", user("carol"),
        "{\"groupId\": \"sg-0123456789abcdef0\"}"), "2026-01-01T00:00:00Z");
    consumer.updatePartitions(topic, List.of(new PartitionInfo(topic, 0, null, null, null),
        new PartitionInfo(topic, 1, null, null, null)));
    consumer.updateBeginningOffsets(Map.of(first, 0L, second, 0L));
    consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(topic, 0, 0L, null,
        changed.getBytes(StandardCharsets.UTF_8))));
    consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(topic, 1, 0L, null,
        created.getBytes(StandardCharsets.UTF_8))));
    consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(topic, 1, 1L, null,
        sameInstant.getBytes(StandardCharsets.UTF_8))));
    consumer.updateEndOffsets(Map.of(first, 1L, second, 2L));
    Finding.Builder finding = TestNotifications.finding("EC2.19").setActor(null);
    finding.getResource().setType("AwsEc2SecurityGroup");
    finding.getResource().setId("arn:aws:ec2:eu-west-1:" + ACCOUNT + ":security-group/sg-0123456789abcdef0");

    assertThat(recipientOf(finding.build()).address()).isEqualTo("alice@example.com");
  }

  @Test
  void everyInstanceOneRunInstancesLaunchedIsCreditedToItsCaller() {
    publish(event("ec2", "eu-west-1", "RunInstances", user("carol"), "{\"minCount\": 2, \"maxCount\": 2}")
        .replace("\"requestParameters\"", "\"responseElements\": {\"instancesSet\": {\"items\": ["
            + "{\"instanceId\": \"i-0aaaaaaaaaaaaaaa1\"}, {\"instanceId\": \"i-0aaaaaaaaaaaaaaa2\"}]}}, "
            + "\"requestParameters\""));

    for (String instance : List.of("i-0aaaaaaaaaaaaaaa1", "i-0aaaaaaaaaaaaaaa2")) {
      Finding.Builder finding = TestNotifications.finding("EC2.8").setActor(null);
      finding.getResource().setType("AwsEc2Instance");
      finding.getResource().setId("arn:aws:ec2:eu-west-1:" + ACCOUNT + ":instance/" + instance);
      assertThat(recipientOf(finding.build()).address()).as(instance).isEqualTo("carol@example.com");
    }
  }

  /** The event with CloudTrail's {@code eventTime}. */
  private static String timed(String event, String eventTime) {
    return event.replace("\"eventSource\"", "\"eventTime\": \"" + eventTime + "\", \"eventSource\"");
  }

  @Test
  void aResourceCreatedByAnAwsServiceOrTheRootUserHasNoCreatorToTeach() {
    publish(event("CreateBucket", "{\"type\": \"AWSService\", \"invokedBy\": \"cloudformation.amazonaws.com\"}",
        "{\"bucketName\": \"team-reports\"}"));

    assertThat(recipientOf(TestNotifications.finding("S3.8").setActor(null).build()).isCreator()).isFalse();
  }

  @Test
  void eventsThatAreNotJsonOrNotCreationsAreSkipped() {
    publish("not json", event("GetBucketAcl", user("eve"), "{\"bucketName\": \"team-reports\"}"),
        event("CreateBucket", user("carol"), "{\"bucketName\": \"team-reports\"}"));

    assertThat(recipientOf(TestNotifications.finding("S3.8").setActor(null).build()).address())
        .isEqualTo("carol@example.com");
  }

  @Test
  void aSecurityGroupIsFoundByItsIdWhetherTheFindingGivesTheIdOrTheArn() {
    publish(event("AuthorizeSecurityGroupIngress", user("dan"), "{\"groupId\": \"sg-0123456789abcdef0\"}"));
    Finding.Builder finding = TestNotifications.finding("EC2.13").setActor(null);
    finding.getResource().setType("AwsEc2SecurityGroup");
    finding.getResource().setId("arn:aws:ec2:eu-west-1:" + ACCOUNT + ":security-group/sg-0123456789abcdef0");

    assertThat(recipientOf(finding.build()).address()).isEqualTo("dan@example.com");
  }

  @Test
  void aLambdaFunctionsCreatorIsFoundFromTheVersionedCallNameLambdaRecords() {
    publish("""
        {"version": "0", "id": "6f1c2b5e-3a0d-4c2e-9d1f-2b7e0c8a4d11", "detail-type": "AWS API Call via CloudTrail",
         "source": "aws.lambda", "account": "%1$s", "time": "2025-03-14T09:12:40Z", "region": "eu-west-1",
         "resources": [],
         "detail": {
           "eventVersion": "1.08",
           "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLEERIN0001",
             "arn": "arn:aws:iam::%1$s:user/erin", "accountId": "%1$s", "accessKeyId": "AKIAEXAMPLEERIN00001",
             "userName": "erin"},
           "eventTime": "2025-03-14T09:12:40Z", "eventSource": "lambda.amazonaws.com",
           "eventName": "CreateFunction20150331", "awsRegion": "eu-west-1", "sourceIPAddress": "203.0.113.10",
           "userAgent": "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0 command/lambda.create-function",
           "requestParameters": {"functionName": "orders-handler", "runtime": "python3.12",
             "role": "arn:aws:iam::%1$s:role/orders-handler", "handler": "app.handler", "code": {},
             "timeout": 3, "memorySize": 128, "publish": false, "packageType": "Zip"},
           "responseElements": {"functionName": "orders-handler",
             "functionArn": "arn:aws:lambda:eu-west-1:%1$s:function:orders-handler", "runtime": "python3.12",
             "role": "arn:aws:iam::%1$s:role/orders-handler", "handler": "app.handler", "codeSize": 312,
             "timeout": 3, "memorySize": 128, "lastModified": "2025-03-14T09:12:40.512+0000",
             "version": "$LATEST", "state": "Pending", "stateReasonCode": "Creating", "packageType": "Zip",
             "architectures": ["x86_64"]},
           "requestID": "0a5e7c1d-8b2f-4e3a-9c6d-1f4b8e2a7d90", "eventID": "c3d9e1f7-5a2b-4c8d-b6e0-9f1a3d5c7e24",
           "readOnly": false, "eventType": "AwsApiCall", "managementEvent": true, "recipientAccountId": "%1$s",
           "eventCategory": "Management"}}
        """.formatted(ACCOUNT));
    Finding.Builder function = TestNotifications.finding("Lambda.1").setActor(null);
    function.getResource().setType("AwsLambdaFunction");
    function.getResource().setId("arn:aws:lambda:eu-west-1:" + ACCOUNT + ":function:orders-handler");

    Recipients.Recipient recipient = recipientOf(function.build());

    assertThat(recipient.address()).isEqualTo("erin@example.com");
    assertThat(recipient.foundBy()).isEqualTo("CloudTrail recorded who created it (CreateFunction20150331)");
  }

  @Test
  void aLambdaPermissionIsFoundFromItsVersionedCallName() {
    publish("""
        {"detail": {"eventSource": "lambda.amazonaws.com", "eventName": "AddPermission20150331v2",
          "awsRegion": "eu-west-1", "recipientAccountId": "%s", "userIdentity": %s,
          "requestParameters": {"functionName": "orders-handler", "statementId": "public", "action":
            "lambda:InvokeFunction", "principal": "*"}}}
        """.formatted(ACCOUNT, user("frank")));
    Finding.Builder function = TestNotifications.finding("Lambda.1").setActor(null);
    function.getResource().setType("AwsLambdaFunction");
    function.getResource().setId("arn:aws:lambda:eu-west-1:" + ACCOUNT + ":function:orders-handler");

    assertThat(recipientOf(function.build()).address()).isEqualTo("frank@example.com");
  }

  @Test
  void aTopicAndAQueueOfOneNameInOneAccountAreToldApartByTheirService() {
    publish(event("sns", "eu-west-1", "CreateTopic", user("alice"), "{\"name\": \"orders\"}"),
        event("sqs", "eu-west-1", "CreateQueue", user("bob"), "{\"queueName\": \"orders\"}"));
    Finding.Builder queue = TestNotifications.finding("SQS.1").setActor(null);
    queue.getResource().setType("AwsSqsQueue");
    queue.getResource().setId("arn:aws:sqs:eu-west-1:" + ACCOUNT + ":orders");
    Finding.Builder topic = TestNotifications.finding("SNS.1").setActor(null);
    topic.getResource().setType("AwsSnsTopic");
    topic.getResource().setId("arn:aws:sns:eu-west-1:" + ACCOUNT + ":orders");

    assertThat(recipientOf(queue.build()).address()).isEqualTo("bob@example.com");
    assertThat(recipientOf(topic.build()).address()).isEqualTo("alice@example.com");
  }

  @Test
  void sameNamedFunctionsInTwoRegionsAreToldApartByTheirRegionWhetherTheFindingGivesAnArnOrAName() {
    publish(event("lambda", "us-east-1", "CreateFunction20150331", user("alice"),
            "{\"functionName\": \"orders-handler\"}"),
        event("lambda", "eu-west-1", "CreateFunction20150331", user("bob"), "{\"functionName\": \"orders-handler\"}"));
    Finding.Builder byArn = TestNotifications.finding("Lambda.1").setActor(null);
    byArn.getResource().setType("AwsLambdaFunction");
    byArn.getResource().setId("arn:aws:lambda:eu-west-1:" + ACCOUNT + ":function:orders-handler");
    Finding.Builder byName = TestNotifications.finding("Lambda.1").setActor(null);
    byName.getResource().setType("AwsLambdaFunction");
    byName.getResource().setId("orders-handler");
    byName.getResource().setRegion("us-east-1");

    assertThat(recipientOf(byArn.build()).address()).isEqualTo("bob@example.com");
    assertThat(recipientOf(byName.build()).address()).isEqualTo("alice@example.com");
  }

  @Test
  void aBucketsCreationIsFoundWhicheverRegionCloudTrailRecordedItIn() {
    publish(event("s3", "us-east-1", "CreateBucket", user("carol"), "{\"bucketName\": \"team-reports\"}"));

    assertThat(recipientOf(TestNotifications.finding("S3.8").setActor(null).build()).address())
        .isEqualTo("carol@example.com");
  }
}
