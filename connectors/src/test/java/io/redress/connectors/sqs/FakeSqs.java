package io.redress.connectors.sqs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** An SQS queue in memory: receives answer what the test queued, deletions and requests are recorded. */
final class FakeSqs implements SqsClient {

  private final Deque<Supplier<List<Message>>> receives = new ArrayDeque<>();
  private final Deque<Supplier<List<BatchResultErrorEntry>>> deleteOutcomes = new ArrayDeque<>();
  final List<ReceiveMessageRequest> receiveRequests = new ArrayList<>();
  final List<List<String>> deleteBatches = new ArrayList<>();
  boolean closed;

  static Message message(String id, String body) {
    return Message.builder().messageId(id).receiptHandle("handle-" + id).body(body).build();
  }

  static SqsException failure(String code) {
    return (SqsException) SqsException.builder().message(code + " from the fake").statusCode(500).build();
  }

  FakeSqs willReceive(Message... messages) {
    receives.add(() -> List.of(messages));
    return this;
  }

  FakeSqs willFailToReceive() {
    receives.add(() -> {
      throw failure("ServiceUnavailable");
    });
    return this;
  }

  FakeSqs willFailToDelete() {
    deleteOutcomes.add(() -> {
      throw failure("ServiceUnavailable");
    });
    return this;
  }

  /** The next deletion succeeds except for the entries given, which SQS reports as failed. */
  FakeSqs willRefuseToDelete(BatchResultErrorEntry... failed) {
    deleteOutcomes.add(() -> List.of(failed));
    return this;
  }

  /** Every deleted receipt handle, in order, over all successful batches. */
  List<String> deleted() {
    return deleteBatches.stream().flatMap(List::stream).toList();
  }

  @Override
  public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest request) {
    receiveRequests.add(request);
    List<Message> messages = receives.isEmpty() ? List.of() : receives.poll().get();
    return ReceiveMessageResponse.builder().messages(messages).build();
  }

  @Override
  public DeleteMessageBatchResponse deleteMessageBatch(DeleteMessageBatchRequest request) {
    List<BatchResultErrorEntry> failed = deleteOutcomes.isEmpty() ? List.of() : deleteOutcomes.poll().get();
    List<String> ids = failed.stream().map(BatchResultErrorEntry::id).toList();
    deleteBatches.add(request.entries().stream()
        .filter(entry -> !ids.contains(entry.id()))
        .map(DeleteMessageBatchRequestEntry::receiptHandle).toList());
    return DeleteMessageBatchResponse.builder().failed(failed).build();
  }

  @Override
  public String serviceName() {
    return "sqs";
  }

  @Override
  public void close() {
    closed = true;
  }
}
