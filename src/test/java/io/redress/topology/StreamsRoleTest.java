package io.redress.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How often the decision topology commits: every hop of a finding to its command waits for one commit, so the
 * interval is Redress's choice unless {@code kafka.streams} makes another, and no poll outwaits it.
 */
class StreamsRoleTest {

  @TempDir
  Path stateDir;

  @Test
  void withoutSettingsTheTopologyCommitsAtRedresssIntervalAndNoPollOutwaitsIt() {
    StreamsConfig streams = streams("");

    assertThat(streams.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(StreamsRole.COMMIT_INTERVAL_MS);
    assertThat(streams.getLong(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(Math.min(StreamsRole.COMMIT_INTERVAL_MS, 100));
  }

  @Test
  void aCommitIntervalInKafkaStreamsSettingsIsKeptAndThePollWaitsNoLonger() {
    StreamsConfig streams = streams("kafka: {streams: {commit.interval.ms: \"20\"}}");

    assertThat(streams.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(20);
    assertThat(streams.getLong(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(20);
  }

  @Test
  void aLongCommitIntervalLeavesThePollAtKafkasDefault() {
    StreamsConfig streams = streams("kafka: {streams: {commit.interval.ms: \"1000\"}}");

    assertThat(streams.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(1000);
    assertThat(streams.getLong(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(100);
  }

  @Test
  void aCommitOnEveryLoopStillPollsForAtLeastAMillisecond() {
    assertThat(streams("kafka: {streams: {commit.interval.ms: \"0\"}}").getLong(StreamsConfig.POLL_MS_CONFIG))
        .isEqualTo(1);
  }

  @Test
  void aPollTimeInKafkaStreamsSettingsIsKept() {
    StreamsConfig streams = streams("kafka: {streams: {commit.interval.ms: \"20\", poll.ms: \"250\"}}");

    assertThat(streams.getLong(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(250);
  }

  @Test
  void noTaskWaitsForAnEmptyInputUnlessKafkaStreamsSettingsSaySo() {
    assertThat(streams("").getLong(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG))
        .isEqualTo(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    assertThat(streams("kafka: {streams: {max.task.idle.ms: \"0\"}}").getLong(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG))
        .isZero();
  }

  private StreamsConfig streams(String yaml) {
    Properties properties = StreamsRole.properties(
        ConfigLoader.fromYaml(yaml, Map.of()).withBootstrapServers("unused:9092"), stateDir);
    return new StreamsConfig(properties);
  }
}
