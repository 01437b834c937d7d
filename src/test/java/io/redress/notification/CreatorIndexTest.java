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
    return """
        {"version": "0", "detail-type": "AWS API Call via CloudTrail", "source": "aws.s3", "account": "%s",
         "detail": {"eventName": "%s", "recipientAccountId": "%s", "userIdentity": %s,
                    "requestParameters": %s}}
        """.formatted(ACCOUNT, eventName, ACCOUNT, identity, requestParameters);
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
}
