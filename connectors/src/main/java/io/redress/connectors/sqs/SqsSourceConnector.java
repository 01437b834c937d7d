package io.redress.connectors.sqs;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Reads the SQS queue an EventBridge rule targets and writes each event to Kafka unchanged, with its routing fields
 * as headers. Several tasks ({@code tasks.max}) read the same queue side by side: SQS hands each message to one
 * reader at a time.
 */
public final class SqsSourceConnector extends SourceConnector {

  static final String VERSION = versionOfJar();

  private Map<String, String> properties;

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public void start(Map<String, String> properties) {
    new SqsSourceConfig(properties);
    this.properties = Map.copyOf(properties);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return SqsSourceTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return Collections.nCopies(maxTasks, properties);
  }

  @Override
  public void stop() {
  }

  @Override
  public ConfigDef config() {
    return SqsSourceConfig.DEFINITION;
  }

  private static String versionOfJar() {
    String version = SqsSourceConnector.class.getPackage().getImplementationVersion();
    return version == null ? "unknown" : version;
  }
}
