package io.redress.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * MSK IAM authentication is configuration only: the properties of README "Deploying" (and deploy/base/redress.yaml)
 * must give Kafka clients whose SASL classes are on the classpath. Building a client is where Kafka loads the login
 * module and the callback handler; nothing connects (the address is never dialled before a poll or a request).
 */
class MskIamConfigTest {

  private static final String MSK_IAM = """
      kafka:
        bootstrap-servers: 127.0.0.1:9098
        properties:
          security.protocol: SASL_SSL
          sasl.mechanism: AWS_MSK_IAM
          sasl.jaas.config: software.amazon.msk.auth.iam.IAMLoginModule required;
          sasl.client.callback.handler.class: software.amazon.msk.auth.iam.IAMClientCallbackHandler
      """;

  @Test
  void anMskIamConfigurationPassesItsSaslSettingsToEveryClient() {
    Properties client = ConfigLoader.fromYaml(MSK_IAM, Map.of()).kafka().clientProperties();

    assertThat(client)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "AWS_MSK_IAM")
        .containsEntry("sasl.client.callback.handler.class",
            "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
  }

  @Test
  void theIamLoginModuleAndCallbackHandlerLoad() {
    assertThatCode(() -> {
      Class.forName("software.amazon.msk.auth.iam.IAMLoginModule");
      Class.forName("software.amazon.msk.auth.iam.IAMClientCallbackHandler");
    }).doesNotThrowAnyException();
  }

  @Test
  void aConsumerAndAnAdminClientBuildWithMskIamSettings() {
    RedressConfig config = ConfigLoader.fromYaml(MSK_IAM, Map.of());
    Properties consumer = config.kafka().clientProperties();
    consumer.put("group.id", "redress-executor");

    assertThatCode(() -> {
      try (KafkaConsumer<byte[], byte[]> built = new KafkaConsumer<>(consumer, new ByteArrayDeserializer(),
          new ByteArrayDeserializer())) {
        assertThat(built.metrics()).isNotEmpty();
      }
      try (Admin admin = Admin.create(config.kafka().clientProperties())) {
        assertThat(admin.metrics()).isNotEmpty();
      }
    }).doesNotThrowAnyException();
  }

  @Test
  void theSameSettingsComeFromTheEnvironmentAsAKubernetesSecretWouldSetThem() {
    Map<String, String> environment = Map.of(
        "REDRESS_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9098",
        "REDRESS_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_SSL",
        "REDRESS_KAFKA_PROPERTIES_SASL_MECHANISM", "AWS_MSK_IAM");

    Properties client = ConfigLoader.defaults(environment).kafka().clientProperties();

    assertThat(client).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "AWS_MSK_IAM");
  }
}
