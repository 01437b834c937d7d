package io.redress.kafka;

import io.redress.aws.AwsHttp;
import io.redress.config.ConfigException;
import io.redress.config.RedressConfig.AwsSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.InflaterInputStream;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.Compatibility;
import software.amazon.awssdk.services.glue.model.DataFormat;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.InvalidInputException;
import software.amazon.awssdk.services.glue.model.SchemaId;
import software.amazon.awssdk.services.glue.model.SchemaVersionStatus;

/**
 * The AWS Glue Schema Registry's record framing, as its serde writes it: a header version byte (3), a compression
 * byte (0 none, 5 zlib), the 16-byte id of the schema version, then the Avro binary body. Redress registers its
 * schemas under the topic's name (the Glue serde's default naming), one version per schema it writes, and caches
 * both directions, so the registry is asked once per schema and process. A registry that cannot be reached or
 * refuses a schema is a {@link SchemaRegistryException}; only a record that is not framed as expected, or names a
 * version the registry does not have, is a {@link SerializationException}.
 *
 * <p>Settings, in {@code kafka.properties} under the Glue serde's own names: {@code registry.name} (default
 * {@code default-registry}), {@code region} and {@code endpoint} (default: the {@code aws} section's), and
 * {@code schemaAutoRegistrationEnabled} (default true: Redress registers the schemas it writes; false when they are
 * registered beforehand and producers may not).
 */
public final class GlueSchemaRegistry implements WireFormat {
  static final byte HEADER_VERSION = 3;
  private static final byte NO_COMPRESSION = 0;
  private static final byte ZLIB = 5;
  private static final int HEADER_BYTES = 18;
  private static final int COMPATIBILITY_CHECK_POLLS = 30;
  private static final Duration COMPATIBILITY_CHECK_INTERVAL = Duration.ofSeconds(1);

  private final GlueClient glue;
  private final String registryName;
  private final boolean autoRegister;
  private final Map<String, UUID> versionIds = new ConcurrentHashMap<>();
  private final Map<UUID, Schema> writerSchemas = new ConcurrentHashMap<>();

  GlueSchemaRegistry(GlueClient glue, String registryName, boolean autoRegister) {
    this.glue = glue;
    this.registryName = registryName;
    this.autoRegister = autoRegister;
  }

  static GlueSchemaRegistry of(Map<String, String> properties, AwsSettings aws) {
    String region = properties.getOrDefault("region", aws.region());
    if (region.isBlank()) {
      throw new ConfigException("kafka.properties.region", "must not be blank; an AWS region such as us-east-1");
    }
    GlueClientBuilder builder = GlueClient.builder().httpClient(AwsHttp.client())
        .overrideConfiguration(AwsHttp::bounded)
        .region(Region.of(region));
    Optional.ofNullable(properties.get("endpoint")).map(GlueSchemaRegistry::endpoint).or(aws::endpoint)
        .ifPresent(builder::endpointOverride);
    String autoRegister = properties.getOrDefault("schemaAutoRegistrationEnabled", "true");
    if (!autoRegister.equals("true") && !autoRegister.equals("false")) {
      throw new ConfigException("kafka.properties.schemaAutoRegistrationEnabled",
          "expected true or false, got " + autoRegister);
    }
    return new GlueSchemaRegistry(builder.build(), properties.getOrDefault("registry.name", "default-registry"),
        Boolean.parseBoolean(autoRegister));
  }

  private static URI endpoint(String value) {
    try {
      URI endpoint = new URI(value.strip());
      if (endpoint.getScheme() != null && endpoint.getHost() != null) {
        return endpoint;
      }
    } catch (URISyntaxException e) {
      // refused below, as a URL without a scheme or host is
    }
    throw new ConfigException("kafka.properties.endpoint",
        "expected an absolute URL such as https://glue.us-east-1.amazonaws.com, got " + value);
  }

  /** The body framed with the id of the schema version it was written with, registering that version if need be. */
  byte[] frame(String topic, Schema schema, byte[] body) {
    UUID versionId = versionIds.computeIfAbsent(topic + "\n" + schema, key -> versionId(topic, schema));
    return ByteBuffer.allocate(HEADER_BYTES + body.length).put(HEADER_VERSION).put(NO_COMPRESSION)
        .putLong(versionId.getMostSignificantBits()).putLong(versionId.getLeastSignificantBits()).put(body).array();
  }

  /** The schema a framed record was written with, fetched from the registry the first time its id is seen. */
  Schema writerSchema(String topic, byte[] record) {
    ByteBuffer header = header(topic, record);
    UUID versionId = new UUID(header.getLong(2), header.getLong(10));
    return writerSchemas.computeIfAbsent(versionId, id -> fetch(topic, id));
  }

  /**
   * The Avro binary body of a framed record, inflated if its producer compressed it: to at most {@code maxBytes}, as
   * a few hundred kilobytes of zlib can inflate to gigabytes.
   */
  byte[] body(String topic, byte[] record, int maxBytes) {
    byte compression = header(topic, record).get(1);
    byte[] body = Arrays.copyOfRange(record, HEADER_BYTES, record.length);
    if (compression == NO_COMPRESSION) {
      return body;
    }
    if (compression != ZLIB) {
      throw new SerializationException("record on " + topic + " has an unknown Glue compression byte " + compression);
    }
    try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(body))) {
      byte[] inflated = in.readNBytes(maxBytes);
      if (in.read() != -1) {
        throw new SerializationException("zlib-compressed record on " + topic + " inflates to over the limit of "
            + maxBytes + " bytes");
      }
      return inflated;
    } catch (IOException e) {
      throw new SerializationException("cannot inflate a zlib-compressed record on " + topic, e);
    }
  }

  private static ByteBuffer header(String topic, byte[] record) {
    if (record.length < HEADER_BYTES || record[0] != HEADER_VERSION) {
      throw new SerializationException("record on " + topic + " is not framed for the Glue Schema Registry");
    }
    return ByteBuffer.wrap(record);
  }

  private UUID versionId(String topic, Schema schema) {
    SchemaId id = SchemaId.builder().registryName(registryName).schemaName(topic).build();
    String definition = schema.toString();
    try {
      return UUID.fromString(glue.getSchemaByDefinition(request -> request.schemaId(id)
          .schemaDefinition(definition)).schemaVersionId());
    } catch (EntityNotFoundException notRegistered) {
      if (!autoRegister) {
        throw new SchemaRegistryException(schema.getFullName() + " is not registered as a version of schema " + topic
            + " in Glue registry " + registryName + ", and schemaAutoRegistrationEnabled is false", notRegistered);
      }
      return register(id, definition);
    } catch (SdkException e) {
      throw new SchemaRegistryException("cannot look up " + schema.getFullName() + " for " + topic
          + " in Glue registry " + registryName + ": " + e.getMessage(), e);
    }
  }

  /** A new schema, or a new version of one another writer created first. */
  private UUID register(SchemaId id, String definition) {
    try {
      try {
        return available(id, glue.createSchema(request -> request.registryId(registry -> registry
                .registryName(registryName)).schemaName(id.schemaName()).dataFormat(DataFormat.AVRO)
            .compatibility(Compatibility.BACKWARD).schemaDefinition(definition)).schemaVersionId());
      } catch (AlreadyExistsException created) {
        return available(id, glue.registerSchemaVersion(request -> request.schemaId(id)
            .schemaDefinition(definition)).schemaVersionId());
      }
    } catch (SdkException e) {
      throw new SchemaRegistryException("cannot register schema " + id.schemaName() + " in Glue registry "
          + registryName + ": " + e.getMessage(), e);
    }
  }

  /**
   * The version once the registry has checked its compatibility (it answers PENDING first): a record must never
   * name a version the registry then refuses.
   */
  private UUID available(SchemaId id, String versionId) {
    for (int attempt = 0; attempt < COMPATIBILITY_CHECK_POLLS; attempt++) {
      SchemaVersionStatus status = glue.getSchemaVersion(request -> request.schemaVersionId(versionId)).status();
      if (status == SchemaVersionStatus.AVAILABLE) {
        return UUID.fromString(versionId);
      }
      if (status != SchemaVersionStatus.PENDING) {
        throw new SchemaRegistryException("Glue registry " + registryName + " refused the new version of schema "
            + id.schemaName() + " (" + status + "): it is not BACKWARD compatible with the last one");
      }
      try {
        Thread.sleep(COMPATIBILITY_CHECK_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException("interrupted while Glue checked schema " + id.schemaName(), e);
      }
    }
    throw new SchemaRegistryException("Glue registry " + registryName + " did not finish checking the new version of "
        + "schema " + id.schemaName() + " within " + COMPATIBILITY_CHECK_INTERVAL.multipliedBy(COMPATIBILITY_CHECK_POLLS));
  }

  /**
   * A version the registry does not have is the record's fault, and the record is undecodable: asking again cannot
   * help, and a registry error would stop its consumer at that record for good.
   */
  private Schema fetch(String topic, UUID versionId) {
    try {
      String definition = glue.getSchemaVersion(request -> request.schemaVersionId(versionId.toString()))
          .schemaDefinition();
      return new Schema.Parser().parse(definition);
    } catch (EntityNotFoundException | InvalidInputException unknown) {
      throw new SerializationException("record on " + topic + " names schema version " + versionId
          + ", which the Glue Schema Registry does not have: " + unknown.getMessage(), unknown);
    } catch (SdkException e) {
      throw new SchemaRegistryException("cannot fetch schema version " + versionId + " of a record on " + topic
          + " from the Glue Schema Registry: " + e.getMessage(), e);
    }
  }
}
