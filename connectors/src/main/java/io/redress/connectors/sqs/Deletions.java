package io.redress.connectors.sqs;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;

/** Messages whose records Kafka acknowledged, deleted from the queue in batches. */
final class Deletions {

  private static final Logger log = LoggerFactory.getLogger(Deletions.class);
  /** The most entries SQS takes in one DeleteMessageBatch. */
  static final int BATCH = 10;

  private final SqsClient sqs;
  private final String queueUrl;
  private final Queue<String> acknowledged = new ConcurrentLinkedQueue<>();

  Deletions(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  /** Safe from any thread: Connect acknowledges on the producer's callback thread. */
  void acknowledged(String receiptHandle) {
    acknowledged.add(receiptHandle);
  }

  /**
   * Deletes every message acknowledged so far, each once. When SQS cannot be reached the batch stays queued and the
   * exception propagates, so the caller backs off; an entry SQS refuses as the sender's fault (a receipt handle that
   * expired because the message became visible again) is given up: SQS delivers that message again, a duplicate. An
   * entry SQS fails on its own side is kept for the next call, after the task's next receive: tried again at once, a
   * lasting failure would keep the task deleting, receiving nothing and deaf to a stop. A failure naming no entry of
   * the request, or not saying whose fault it is, can only come from an SQS-compatible endpoint that is broken or
   * hostile; it is given up as a refusal rather than failing the task.
   */
  void deleteAcknowledged() {
    List<String> retry = new ArrayList<>();
    try {
      List<String> batch;
      while (!(batch = nextBatch()).isEmpty()) {
        DeleteMessageBatchResponse response;
        try {
          List<String> handles = batch;
          response = sqs.deleteMessageBatch(request -> request.queueUrl(queueUrl).entries(entries(handles)));
        } catch (SdkException e) {
          retry.addAll(batch);
          throw e;
        }
        for (BatchResultErrorEntry failure : response.failed()) {
          String handle = handleOf(failure.id(), batch);
          if (handle == null) {
            log.warn("SQS reported a failed deletion for {} under an entry id the request did not send ({}; {}: {});"
                + " given up", queueUrl, failure.id(), failure.code(), failure.message());
          } else if (!Boolean.FALSE.equals(failure.senderFault())) {
            log.warn("SQS refused to delete a message of {} ({}: {}); it will be delivered again",
                queueUrl, failure.code(), failure.message());
          } else {
            log.warn("SQS failed to delete a message of {} ({}: {}); trying again on the next poll",
                queueUrl, failure.code(), failure.message());
            retry.add(handle);
          }
        }
      }
    } finally {
      acknowledged.addAll(retry);
    }
  }

  /** The receipt handle an entry id of the response stands for, or null for an id the request did not send. */
  private static String handleOf(String id, List<String> batch) {
    for (int i = 0; i < batch.size(); i++) {
      if (Integer.toString(i).equals(id)) {
        return batch.get(i);
      }
    }
    return null;
  }

  private List<String> nextBatch() {
    List<String> batch = new ArrayList<>(BATCH);
    String handle;
    while (batch.size() < BATCH && (handle = acknowledged.poll()) != null) {
      batch.add(handle);
    }
    return batch;
  }

  private static List<DeleteMessageBatchRequestEntry> entries(List<String> handles) {
    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(handles.size());
    for (int i = 0; i < handles.size(); i++) {
      entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(handles.get(i)).build());
    }
    return entries;
  }
}
