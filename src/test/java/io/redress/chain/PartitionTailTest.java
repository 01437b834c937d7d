package io.redress.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.kafka.RecordLoop;
import io.redress.kafka.RecordLoop.TransientFailure;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionTailTest {

  /** It runs on the record loop's thread: a broker that does not answer must not hold the loop for the clients' minute. */
  @Test
  void aBrokerThatDoesNotAnswerIsWaitedOnNoLongerThanTheLoopsBound() throws IOException {
    KafkaSettings kafka = ConfigLoader.fromYaml("{}", Map.of())
        .withBootstrapServers("127.0.0.1:" + closedPort()).kafka();
    try (PartitionTail tail = new PartitionTail(kafka, "results")) {
      long begin = System.nanoTime();

      assertThatThrownBy(() -> tail.lastHash(0)).isInstanceOf(TransientFailure.class)
          .hasMessageContaining("could not read the offsets of results-0");

      assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(RecordLoop.KAFKA_WAIT.plusSeconds(10));
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
