package io.redress.kafka;

import io.redress.config.ConfigException;
import io.redress.config.RedressConfig;
import java.util.Map;

/**
 * How {@link AvroSerde} frames the records it writes, chosen once per process from the configuration: Avro
 * single-object encoding (the default: the record names its schema by fingerprint, no registry needed), or the AWS
 * Glue Schema Registry's framing (the MSK-native choice: the record names a registered schema version), set by
 * {@code redress.wire.format: glue} in {@code kafka.properties}, where the Glue serde's own settings also go. Every
 * serde reads both framings, told apart by their first byte, so a deployment changes format without draining its
 * topics.
 */
public sealed interface WireFormat permits WireFormat.SingleObject, GlueSchemaRegistry {

  /** The {@code kafka.properties} key that chooses the format. */
  String PROPERTY = "redress.wire.format";

  /** Avro's single-object encoding. */
  record SingleObject() implements WireFormat {
  }

  static WireFormat of(RedressConfig config) {
    Map<String, String> properties = config.kafka().properties();
    String format = properties.getOrDefault(PROPERTY, "single-object");
    return switch (format) {
      case "single-object" -> new SingleObject();
      case "glue" -> GlueSchemaRegistry.of(properties, config.aws());
      default -> throw new ConfigException("kafka.properties." + PROPERTY,
          "expected single-object or glue, got " + format);
    };
  }
}
