package io.redress.exceptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.contract.Resource;
import io.redress.testing.TestBroker;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The executor's exception list against a real broker. */
class ExceptionListIT {

  private static final Resource BUCKET = Resource.newBuilder().setType("AwsS3Bucket").setId("arn:aws:s3:::site")
      .setAccount("111122223333").setRegion("us-east-1").setTags(Map.of()).build();

  /** With no topic to read, the executor must not act as if nobody had excepted anything. */
  @Test
  void aListWhoseTopicDoesNotExistCannotBeReadRatherThanEmpty() {
    RedressConfig config = ConfigLoader.fromYaml("kafka: {topic-prefix: missing-" + UUID.randomUUID() + ".}", Map.of())
        .withBootstrapServers(TestBroker.bootstrapServers());
    try (ExceptionList exceptions = new ExceptionList(config.kafka())) {
      exceptions.refresh();

      assertThatThrownBy(() -> exceptions.match(BUCKET, List.of("S3.8"), Instant.now()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(config.kafka().topics().exceptions() + " does not exist");
      exceptions.refresh();
      assertThat(exceptions).as("asked again at the next poll, still refused")
          .satisfies(list -> assertThatThrownBy(() -> list.match(BUCKET, List.of("S3.8"), Instant.now()))
              .isInstanceOf(IllegalStateException.class));
    }
  }
}
