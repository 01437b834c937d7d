package io.redress.connectors.sqs;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The connector's settings, checked once when the connector or a task starts. */
public final class SqsSourceConfig extends AbstractConfig {

  public static final String QUEUE_URL = "sqs.queue.url";
  public static final String REGION = "sqs.region";
  public static final String ENDPOINT = "sqs.endpoint";
  public static final String WAIT_TIME_SECONDS = "sqs.wait.time.seconds";
  public static final String MAX_MESSAGES = "sqs.max.messages";
  public static final String VISIBILITY_TIMEOUT_SECONDS = "sqs.visibility.timeout.seconds";
  public static final String ACCESS_KEY_ID = "sqs.access.key.id";
  public static final String SECRET_ACCESS_KEY = "sqs.secret.access.key";
  public static final String ERROR_BACKOFF_MAX_MS = "sqs.error.backoff.max.ms";
  public static final String TOPIC = "topic";
  public static final String RECORD_MAX_BYTES = "record.max.bytes";

  /** What the Redress topology reads. */
  public static final String DEFAULT_TOPIC = "redress.findings.raw";

  public static final ConfigDef DEFINITION = new ConfigDef()
      .define(QUEUE_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, SqsSourceConfig::checkHttpUrl, Importance.HIGH,
          "URL of the SQS queue the EventBridge rule targets, e.g. "
              + "https://sqs.us-east-1.amazonaws.com/111122223333/redress-findings")
      .define(REGION, Type.STRING, "", Importance.HIGH,
          "AWS region of the queue; empty: the SDK's default region chain (AWS_REGION, profile, instance metadata)")
      .define(ENDPOINT, Type.STRING, "", SqsSourceConfig::checkOptionalHttpUrl, Importance.LOW,
          "An SQS-compatible endpoint instead of AWS's own (a VPC endpoint, or an emulator in tests); empty: AWS")
      .define(WAIT_TIME_SECONDS, Type.INT, 20, Range.between(0, 20), Importance.MEDIUM,
          "Long polling: how long one ReceiveMessage waits for a message (SQS allows 0 to 20 seconds)")
      .define(MAX_MESSAGES, Type.INT, 10, Range.between(1, 10), Importance.MEDIUM,
          "Batch size: the most messages one ReceiveMessage returns (SQS allows 1 to 10)")
      .define(VISIBILITY_TIMEOUT_SECONDS, Type.INT, 120, Range.between(1, 43_200), Importance.MEDIUM,
          "How long a received message stays hidden from other readers. It must cover the time until Kafka "
              + "acknowledges the record and the message is deleted; a message not deleted by then is delivered "
              + "again (a duplicate record, never a lost one)")
      .define(ACCESS_KEY_ID, Type.STRING, null, Importance.LOW,
          "Static access key id, with " + SECRET_ACCESS_KEY + "; unset: the SDK's default credentials chain "
              + "(environment, profile, web identity, container or instance role), which is what to use on AWS")
      .define(SECRET_ACCESS_KEY, Type.PASSWORD, null, Importance.LOW,
          "Static secret access key, with " + ACCESS_KEY_ID)
      .define(ERROR_BACKOFF_MAX_MS, Type.LONG, 60_000L, Range.between(1_000L, 3_600_000L), Importance.LOW,
          "Longest pause between attempts while SQS calls fail; pauses start at one second and double")
      .define(TOPIC, Type.STRING, DEFAULT_TOPIC, new ConfigDef.NonEmptyString(), Importance.HIGH,
          "Kafka topic every event is written to")
      .define(RECORD_MAX_BYTES, Type.INT, 1_000_000, Range.atLeast(1), Importance.LOW,
          "Largest record (key, value and headers) written; a message that would make a larger one is logged with "
              + "its id and left in the queue, neither written nor deleted, for the queue's redrive policy to set "
              + "aside. Keep it below the worker's producer.max.request.size (1048576 by default), which a record "
              + "must fit with its overhead, or Kafka refuses the record and the task fails");

  /** A pair of static keys, for tests and for workers outside AWS. */
  public record StaticCredentials(String accessKeyId, String secretAccessKey) {
    @Override
    public String toString() {
      return "StaticCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=[hidden]]";
    }
  }

  public SqsSourceConfig(Map<String, String> properties) {
    super(DEFINITION, properties);
    if ((getString(ACCESS_KEY_ID) == null) != (getPassword(SECRET_ACCESS_KEY) == null)) {
      throw new ConfigException(ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY
          + " go together: set both for static credentials, or neither for the default credentials chain");
    }
  }

  public String queueUrl() {
    return getString(QUEUE_URL);
  }

  public Optional<String> region() {
    return nonBlank(getString(REGION));
  }

  public Optional<URI> endpoint() {
    return nonBlank(getString(ENDPOINT)).map(URI::create);
  }

  public int waitTimeSeconds() {
    return getInt(WAIT_TIME_SECONDS);
  }

  public int maxMessages() {
    return getInt(MAX_MESSAGES);
  }

  public int visibilityTimeoutSeconds() {
    return getInt(VISIBILITY_TIMEOUT_SECONDS);
  }

  public Optional<StaticCredentials> staticCredentials() {
    Password secret = getPassword(SECRET_ACCESS_KEY);
    return secret == null
        ? Optional.empty()
        : Optional.of(new StaticCredentials(getString(ACCESS_KEY_ID), secret.value()));
  }

  public Duration errorBackoffMax() {
    return Duration.ofMillis(getLong(ERROR_BACKOFF_MAX_MS));
  }

  public String topic() {
    return getString(TOPIC);
  }

  public int recordMaxBytes() {
    return getInt(RECORD_MAX_BYTES);
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static void checkOptionalHttpUrl(String name, Object value) {
    if (value != null && !value.toString().isBlank()) {
      checkHttpUrl(name, value);
    }
  }

  private static void checkHttpUrl(String name, Object value) {
    String text = value == null ? "" : value.toString().trim();
    try {
      URI uri = new URI(text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return;
      }
    } catch (URISyntaxException e) {
      // reported below, with the value
    }
    throw new ConfigException(name, value, "must be an http:// or https:// URL with a host");
  }
}
