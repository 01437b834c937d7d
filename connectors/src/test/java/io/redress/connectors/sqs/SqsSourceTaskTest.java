package io.redress.connectors.sqs;

import static io.redress.connectors.sqs.FakeSqs.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

class SqsSourceTaskTest {

  private static final String QUEUE = "https://sqs.us-east-1.amazonaws.com/111122223333/redress-findings";
  private static final String EVENT = """
      {"version": "0", "id": "6f8a", "detail-type": "Security Hub Findings - Imported", "source": "aws.securityhub",
       "account": "111122223333", "time": "2026-11-01T09:00:00Z", "region": "eu-west-1", "resources": [],
       "detail": {"findings": []}}""";

  private final FakeSqs sqs = new FakeSqs();
  private final List<Duration> pauses = new ArrayList<>();
  private final SqsSourceTask task = new SqsSourceTask(config -> sqs, new Pause() {
    @Override
    public void await(Duration duration) {
      pauses.add(duration);
    }

    @Override
    public void stop() {
    }
  });

  private void start(String... settings) {
    Map<String, String> properties = new HashMap<>(Map.of(SqsSourceConfig.QUEUE_URL, QUEUE));
    for (int i = 0; i < settings.length; i += 2) {
      properties.put(settings[i], settings[i + 1]);
    }
    task.start(properties);
  }

  private static RecordMetadata written() {
    return new RecordMetadata(new TopicPartition(SqsSourceConfig.DEFAULT_TOPIC, 0), 0, 0, 0, 0, 0);
  }

  @Test
  void eachMessageBecomesOneRecordOnTheTopicKeyedByMessageIdWithTheBodyByteForByte() throws Exception {
    sqs.willReceive(message("m-1", EVENT), message("m-2", "{\"détail\": \"ünïcode\"}"));
    start();

    List<SourceRecord> records = task.poll();

    assertThat(records).hasSize(2);
    assertThat(records).extracting(SourceRecord::topic).containsOnly("redress.findings.raw");
    assertThat(records).extracting(SourceRecord::key).containsExactly("m-1", "m-2");
    assertThat((byte[]) records.get(1).value())
        .isEqualTo("{\"détail\": \"ünïcode\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(records.get(0).sourcePartition()).isEqualTo(Map.of("queue", QUEUE));
  }

  @Test
  void theRoutingFieldsOfTheEventBecomeHeaders() throws Exception {
    sqs.willReceive(message("m-1", EVENT));
    start();

    SourceRecord record = task.poll().get(0);

    Map<String, Object> headers = new HashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), header.value());
    }
    assertThat(headers).containsExactlyInAnyOrderEntriesOf(Map.of("source", "aws.securityhub",
        "detail-type", "Security Hub Findings - Imported", "account", "111122223333", "region", "eu-west-1"));
  }

  @Test
  void aMalformedBodyGoesThroughAsReceivedWithoutHeaders() throws Exception {
    String truncated = EVENT.substring(0, 80);
    sqs.willReceive(message("m-1", truncated));
    start();

    SourceRecord record = task.poll().get(0);

    assertThat((byte[]) record.value()).isEqualTo(truncated.getBytes(StandardCharsets.UTF_8));
    assertThat(record.headers().isEmpty()).isTrue();
  }

  @Test
  void aMessageOfTheLargestSizeSqsTakesGoesThroughWhole() throws Exception {
    String padding = "x".repeat(256 * 1024 - EVENT.length() - 16);
    String largest = EVENT.replace("\"resources\": []", "\"resources\": [\"" + padding + "\"]");
    sqs.willReceive(message("m-1", largest));
    start();

    SourceRecord record = task.poll().get(0);

    assertThat((byte[]) record.value()).hasSize(largest.length());
    assertThat(record.headers().lastWithName("source").value()).isEqualTo("aws.securityhub");
  }

  @Test
  void aMessageTooLargeForARecordIsNeitherWrittenNorDeletedAndTheOthersGoOn() throws Exception {
    String oversized = EVENT.replace("\"resources\": []", "\"resources\": [\"" + "x".repeat(1024 * 1024) + "\"]");
    sqs.willReceive(message("m-1", oversized), message("m-2", EVENT));
    start(SqsSourceConfig.WAIT_TIME_SECONDS, "20");

    List<SourceRecord> records = task.poll();
    records.forEach(record -> task.commitRecord(record, written()));
    task.poll();
    task.stop();

    assertThat(records).extracting(SourceRecord::key).containsExactly("m-2");
    assertThat(sqs.deleted()).containsExactly("handle-m-2");
    assertThat(sqs.receiveRequests).extracting(ReceiveMessageRequest::waitTimeSeconds).containsExactly(20, 20);
  }

  @Test
  void aRecordOfExactlyTheLimitWithItsKeyAndHeadersIsWrittenAndOneByteMoreIsNot() throws Exception {
    String atLimit = EVENT.replace("\"resources\": []",
        "\"resources\": [\"" + "x".repeat(2000 - EVENT.length() - 3 - 5) + "\"]");
    int headerBytes = ("source" + "aws.securityhub" + "detail-type" + "Security Hub Findings - Imported" + "account"
        + "111122223333" + "region" + "eu-west-1").length();
    String limit = Integer.toString("m-1".length() + atLimit.length() + headerBytes);
    sqs.willReceive(message("m-1", atLimit), message("m-2", atLimit.replace("\"xx", "\"xxx")));
    start(SqsSourceConfig.RECORD_MAX_BYTES, limit);

    assertThat(task.poll()).extracting(SourceRecord::key).containsExactly("m-1");
  }

  @Test
  void receivesUseTheConfiguredLongPollBatchSizeAndVisibilityTimeout() throws Exception {
    start(SqsSourceConfig.WAIT_TIME_SECONDS, "7", SqsSourceConfig.MAX_MESSAGES, "3",
        SqsSourceConfig.VISIBILITY_TIMEOUT_SECONDS, "90");

    assertThat(task.poll()).isNull();

    ReceiveMessageRequest request = sqs.receiveRequests.get(0);
    assertThat(request.queueUrl()).isEqualTo(QUEUE);
    assertThat(request.waitTimeSeconds()).isEqualTo(7);
    assertThat(request.maxNumberOfMessages()).isEqualTo(3);
    assertThat(request.visibilityTimeout()).isEqualTo(90);
  }

  @Test
  void noMessageIsDeletedBeforeKafkaAcknowledgesItsRecord() throws Exception {
    sqs.willReceive(message("m-1", EVENT));
    start();

    task.poll();
    task.poll();

    assertThat(sqs.deleted()).isEmpty();
  }

  @Test
  void aMessageIsDeletedOnceKafkaAcknowledgedItsRecordAndOnlyThatMessage() throws Exception {
    sqs.willReceive(message("m-1", EVENT), message("m-2", EVENT));
    start();
    List<SourceRecord> records = task.poll();

    task.commitRecord(records.get(1), written());
    task.poll();

    assertThat(sqs.deleted()).containsExactly("handle-m-2");
  }

  @Test
  void aRecordKafkaDidNotWriteLeavesItsMessageForSqsToDeliverAgain() throws Exception {
    sqs.willReceive(message("m-1", EVENT));
    start();
    SourceRecord record = task.poll().get(0);

    task.commitRecord(record, null);
    task.poll();
    task.stop();

    assertThat(sqs.deleted()).isEmpty();
  }

  @Test
  void aMessageDeliveredAgainIsDeletedWithItsNewHandleOnceThatRecordIsWrittenThoughTheFirstWasNot() throws Exception {
    List<SourceRecord> deliveries = twoDeliveriesOfOneMessage();
    SourceRecord firstRecord = deliveries.get(0);
    SourceRecord againRecord = deliveries.get(1);

    task.commitRecord(firstRecord, null);
    task.commitRecord(againRecord, written());
    task.poll();

    assertThat(sqs.deleted()).containsExactly("h-2");
  }

  @Test
  void eachDeliveryOfAMessageWrittenTwiceIsDeletedWithItsOwnHandle() throws Exception {
    List<SourceRecord> deliveries = twoDeliveriesOfOneMessage();
    SourceRecord firstRecord = deliveries.get(0);
    SourceRecord againRecord = deliveries.get(1);

    task.commitRecord(againRecord, written());
    task.commitRecord(firstRecord, written());
    task.poll();

    assertThat(sqs.deleted()).containsExactly("h-2", "h-1");
  }

  /** Message m-1 received twice, as SQS hands it again once its visibility timeout ends: handles h-1, then h-2. */
  private List<SourceRecord> twoDeliveriesOfOneMessage() throws Exception {
    sqs.willReceive(Message.builder().messageId("m-1").receiptHandle("h-1").body(EVENT).build())
        .willReceive(Message.builder().messageId("m-1").receiptHandle("h-2").body(EVENT).build());
    start();
    return List.of(task.poll().get(0), task.poll().get(0));
  }

  @Test
  void whileRecordsAwaitAcknowledgementAReceiveWaitsAtMostOneSecond() throws Exception {
    sqs.willReceive(message("m-1", EVENT));
    start(SqsSourceConfig.WAIT_TIME_SECONDS, "20");
    SourceRecord record = task.poll().get(0);

    task.poll();
    task.commitRecord(record, written());
    task.poll();

    assertThat(sqs.receiveRequests).extracting(ReceiveMessageRequest::waitTimeSeconds).containsExactly(20, 1, 20);
  }

  @Test
  void deletionsGoToSqsInBatchesOfTen() throws Exception {
    Message[] messages = IntStream.range(0, 10).mapToObj(i -> message("m-" + i, EVENT)).toArray(Message[]::new);
    Message[] more = IntStream.range(10, 15).mapToObj(i -> message("m-" + i, EVENT)).toArray(Message[]::new);
    sqs.willReceive(messages).willReceive(more);
    start();
    List<SourceRecord> records = new ArrayList<>(task.poll());
    records.addAll(task.poll());

    records.forEach(record -> task.commitRecord(record, written()));
    task.poll();

    assertThat(sqs.deleteBatches).extracting(List::size).containsExactly(10, 5);
  }

  @Test
  void aFailingReceiveIsRetriedAfterPausesThatDoubleAndStartOverAfterASuccess() throws Exception {
    sqs.willFailToReceive().willFailToReceive().willFailToReceive().willReceive(message("m-1", EVENT))
        .willFailToReceive();
    start();

    assertThat(task.poll()).isNull();
    assertThat(task.poll()).isNull();
    assertThat(task.poll()).isNull();
    assertThat(task.poll()).hasSize(1);
    assertThat(task.poll()).isNull();

    assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
        Duration.ofSeconds(1));
  }

  @Test
  void aDeletionSqsCouldNotMakeIsMadeOnALaterPoll() throws Exception {
    sqs.willReceive(message("m-1", EVENT)).willFailToDelete();
    start();
    task.commitRecord(task.poll().get(0), written());

    assertThat(task.poll()).isNull();
    task.poll();

    assertThat(pauses).containsExactly(Duration.ofSeconds(1));
    assertThat(sqs.deleted()).containsExactly("handle-m-1");
  }

  @Test
  void aDeletionRefusedAsTheSendersFaultIsGivenUpAndAnyOtherRefusalRetried() throws Exception {
    sqs.willReceive(message("m-1", EVENT), message("m-2", EVENT)).willRefuseToDelete(
        BatchResultErrorEntry.builder().id("0").code("ReceiptHandleIsInvalid").senderFault(true).build(),
        BatchResultErrorEntry.builder().id("1").code("InternalError").senderFault(false).build());
    start();
    task.poll().forEach(record -> task.commitRecord(record, written()));

    task.poll();
    task.poll();

    assertThat(sqs.deleteBatches).containsExactly(List.of(), List.of("handle-m-2"));
  }

  @Test
  void aDeletionFailureUnderAnEntryIdTheRequestDidNotSendIsGivenUpWithoutFailingThePoll() throws Exception {
    sqs.willReceive(message("m-1", EVENT), message("m-2", EVENT)).willRefuseToDelete(
        BatchResultErrorEntry.builder().id("first").code("InternalError").senderFault(false).build(),
        BatchResultErrorEntry.builder().id("2").code("InternalError").senderFault(false).build(),
        BatchResultErrorEntry.builder().id("-1").code("InternalError").senderFault(false).build());
    start();
    task.poll().forEach(record -> task.commitRecord(record, written()));

    assertThat(task.poll()).isNull();
    task.poll();

    assertThat(pauses).isEmpty();
    assertThat(sqs.deleteBatches).as("nothing kept to retry").hasSize(1);
    assertThat(sqs.receiveRequests).hasSize(3);
  }

  @Test
  void aDeletionFailureThatDoesNotSayWhoseFaultItIsIsGivenUpAsARefusal() throws Exception {
    sqs.willReceive(message("m-1", EVENT), message("m-2", EVENT)).willRefuseToDelete(
        BatchResultErrorEntry.builder().id("0").code("InternalError").build());
    start();
    task.poll().forEach(record -> task.commitRecord(record, written()));

    task.poll();
    task.poll();

    assertThat(pauses).isEmpty();
    assertThat(sqs.deleteBatches).containsExactly(List.of("handle-m-2"));
  }

  @Test
  void aDeletionSqsKeepsFailingOnItsOwnSideIsTriedOncePerPollWhileReceivesGoOn() throws Exception {
    BatchResultErrorEntry internalError =
        BatchResultErrorEntry.builder().id("0").code("InternalError").senderFault(false).build();
    sqs.willReceive(message("m-1", EVENT)).willRefuseToDelete(internalError).willRefuseToDelete(internalError)
        .willRefuseToDelete(internalError);
    start();
    task.commitRecord(task.poll().get(0), written());

    task.poll();
    task.poll();

    assertThat(sqs.deleteBatches).hasSize(2);
    assertThat(sqs.receiveRequests).hasSize(3);
    assertThat(sqs.deleted()).isEmpty();

    task.stop();

    assertThat(sqs.deleteBatches).as("one more attempt while stopping, and the stop ends").hasSize(3);
  }

  @Test
  void stoppingDeletesWhatKafkaAcknowledgedAndClosesTheClient() throws Exception {
    sqs.willReceive(message("m-1", EVENT));
    start();
    task.commitRecord(task.poll().get(0), written());

    task.stop();

    assertThat(sqs.deleted()).containsExactly("handle-m-1");
    assertThat(sqs.closed).isTrue();
  }
}
