package io.redress.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro single-object encoding (a two-byte marker, the schema's 64-bit fingerprint, then the binary body): each
 * record names its writer schema without a registry. Records written with a released earlier version of a schema
 * still decode, because every released version under {@code schemas/released/} is offered to the decoder. A
 * deployment on the AWS Glue Schema Registry has records framed for it instead ({@link WireFormat}); either framing
 * is read. Every length and count a record claims is checked against the record's own size ({@link BoundedDecoder}).
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  /**
   * The largest record value Redress writes. Kafka refuses records over {@code max.request.size} (1 MiB by default)
   * when it sends them, and an exactly-once producer that was refused one can only abort: Streams would re-read
   * the input and fail again, forever. Refusing here, while serializing, lets the topology dead-letter the input
   * and go on, because Streams hands serialization failures to its production exception handler before anything
   * is sent.
   */
  public static final int MAX_RECORD_BYTES = 1_000_000;

  /** The single-object marker (C3 01), then the writer schema's fingerprint, little-endian. */
  private static final short SINGLE_OBJECT_MARKER = (short) 0x01C3;
  private static final int SINGLE_OBJECT_HEADER_BYTES = 10;

  /** Set once at start-up from the configuration ({@link #useWireFormat}); read by every serde at every record. */
  private static volatile WireFormat wireFormat = new WireFormat.SingleObject();

  private final Class<T> type;
  private final Schema schema;
  private final int maxDecodedBytes;
  /** The single-object header of this schema: the marker and the fingerprint. */
  private final byte[] singleObjectHeader;
  /** A reader for this schema and for each released version, by the writer schema's fingerprint. */
  private final Map<Long, SpecificDatumReader<T>> singleObjectReaders;
  private final SpecificDatumWriter<T> writer;
  /** The reader for each writer schema a registry named: its fingerprint is too much to compute per record. */
  private final Map<Schema, SpecificDatumReader<T>> registryReaders = new ConcurrentHashMap<>();

  private AvroSerde(Class<T> type, int maxDecodedBytes) {
    this.type = type;
    this.maxDecodedBytes = maxDecodedBytes;
    this.schema = SpecificData.get().getSchema(type);
    this.singleObjectHeader = ByteBuffer.allocate(SINGLE_OBJECT_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN)
        .putShort(SINGLE_OBJECT_MARKER).putLong(SchemaNormalization.parsingFingerprint64(schema)).array();
    Map<Long, SpecificDatumReader<T>> readers = new HashMap<>();
    for (Schema writer : releasedVersions(schema.getName())) {
      readers.put(SchemaNormalization.parsingFingerprint64(writer),
          new SpecificDatumReader<>(writer, schema, SpecificData.get()));
    }
    readers.put(SchemaNormalization.parsingFingerprint64(schema),
        new SpecificDatumReader<>(schema, schema, SpecificData.get()));
    this.singleObjectReaders = Map.copyOf(readers);
    this.writer = new SpecificDatumWriter<>(schema);
  }

  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(type, Integer.MAX_VALUE);
  }

  /**
   * How every serde of this process frames what it writes, from the configuration ({@link WireFormat#of}); set
   * before any record is written, so that serdes held in constants follow it too.
   */
  public static void useWireFormat(WireFormat format) {
    wireFormat = format;
  }

  /** The same serde, refusing to decode records larger than {@code maxBytes}. */
  public AvroSerde<T> decodingAtMost(int maxBytes) {
    return new AvroSerde<>(type, maxBytes);
  }

  /** Released schema versions are kept as self-contained files named {@code <Name>.v<n>.avsc}. */
  public static List<Schema> releasedVersions(String name) {
    List<Schema> versions = new ArrayList<>();
    for (int version = 1; ; version++) {
      String path = "/schemas/released/" + name + ".v" + version + ".avsc";
      try (InputStream in = AvroSerde.class.getResourceAsStream(path)) {
        if (in == null) {
          return versions;
        }
        versions.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read released schema " + path, e);
      }
    }
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, record) -> {
      if (record == null) {
        return null;
      }
      byte[] bytes = wireFormat instanceof GlueSchemaRegistry glue
          ? glue.frame(topic, schema, binary(topic, record)) : singleObject(topic, record);
      if (bytes.length > MAX_RECORD_BYTES) {
        throw new SerializationException(type.getSimpleName() + " for " + topic + " would be " + bytes.length
            + " bytes, over the limit of " + MAX_RECORD_BYTES + " bytes");
      }
      return bytes;
    };
  }

  /**
   * The header, then the body. Avro's own message encoder writes the body a byte at a time into a synchronized stream
   * and copies the result twice; a buffered encoder writes the same bytes for a fraction of the CPU.
   */
  private byte[] singleObject(String topic, T record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.writeBytes(singleObjectHeader);
    encodeBody(topic, record, out);
    return out.toByteArray();
  }

  /** The Avro binary body alone, as a registry's framing wraps it. */
  private byte[] binary(String topic, T record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    encodeBody(topic, record, out);
    return out.toByteArray();
  }

  private void encodeBody(String topic, T record, ByteArrayOutputStream out) {
    BinaryEncoder body = EncoderFactory.get().binaryEncoder(out, null);
    try {
      writer.write(record, body);
      body.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot encode " + type.getSimpleName() + " for " + topic, e);
    }
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      if (bytes.length > maxDecodedBytes) {
        throw new SerializationException(type.getSimpleName() + " of " + bytes.length + " bytes on " + topic
            + " is over the limit of " + maxDecodedBytes + " bytes");
      }
      try {
        return bytes.length > 0 && bytes[0] == GlueSchemaRegistry.HEADER_VERSION
            ? fromRegistry(topic, bytes) : fromSingleObject(bytes);
      } catch (SerializationException | SchemaRegistryException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        throw new SerializationException(
            "cannot decode " + type.getSimpleName() + " from " + topic + ": " + e.getMessage(), e);
      }
    };
  }

  /** A record in single-object encoding: read with the released schema its fingerprint names, resolved to this one. */
  private T fromSingleObject(byte[] bytes) throws IOException {
    ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < SINGLE_OBJECT_HEADER_BYTES || header.getShort(0) != SINGLE_OBJECT_MARKER) {
      throw new IOException("not in Avro single-object encoding (no C3 01 marker and schema fingerprint)");
    }
    long fingerprint = header.getLong(2);
    SpecificDatumReader<T> reader = singleObjectReaders.get(fingerprint);
    if (reader == null) {
      throw new IOException("written with a schema of fingerprint " + fingerprint
          + ", neither this version's nor a released one");
    }
    return reader.read(null, BoundedDecoder.over(bytes, SINGLE_OBJECT_HEADER_BYTES));
  }

  /** A record as its writer wrote it: the writer's schema and the Avro binary body. */
  public record Written(Schema writer, byte[] body) {
  }

  /**
   * The writer's schema and body of a record framed for the AWS Glue Schema Registry, for a reader that needs the
   * record as written rather than resolved to the current schema (the hash chain); empty for any other framing.
   *
   * @throws SerializationException when it is framed for the registry and this process is not configured for it
   * @throws SchemaRegistryException when the registry cannot say which schema the record names
   */
  public static Optional<Written> registryFramed(String topic, byte[] bytes) {
    if (bytes == null || bytes.length == 0 || bytes[0] != GlueSchemaRegistry.HEADER_VERSION) {
      return Optional.empty();
    }
    if (!(wireFormat instanceof GlueSchemaRegistry glue)) {
      throw notConfiguredForGlue("a record", topic);
    }
    return Optional.of(new Written(glue.writerSchema(topic, bytes), glue.body(topic, bytes, MAX_RECORD_BYTES)));
  }

  private static SerializationException notConfiguredForGlue(String what, String topic) {
    return new SerializationException(what + " on " + topic + " is framed for the AWS Glue Schema Registry, and this"
        + " process is not configured for it (kafka.properties " + WireFormat.PROPERTY + ": glue)");
  }

  /**
   * A record framed for the Glue Schema Registry: read with the schema it names, which must be this version's or a
   * released one, as in single-object encoding. A registry accepts any compatible version, and one whose enum
   * symbols are reordered reads the same bytes as another value (an {@code APPLIED} result as {@code FAILED})
   * without a byte of the record, or of its chain hash, changing.
   */
  private T fromRegistry(String topic, byte[] bytes) throws IOException {
    if (!(wireFormat instanceof GlueSchemaRegistry glue)) {
      throw notConfiguredForGlue(type.getSimpleName(), topic);
    }
    Schema named = glue.writerSchema(topic, bytes);
    SpecificDatumReader<T> reader = registryReaders.computeIfAbsent(named, writerSchema -> {
      long fingerprint = SchemaNormalization.parsingFingerprint64(writerSchema);
      SpecificDatumReader<T> known = singleObjectReaders.get(fingerprint);
      if (known == null) {
        throw new SerializationException("framed with a registry schema of " + writerSchema.getFullName()
            + " (fingerprint " + fingerprint + ") that is neither this version's nor a released one");
      }
      return known;
    });
    return reader.read(null, BoundedDecoder.over(
        glue.body(topic, bytes, Math.min(maxDecodedBytes, MAX_RECORD_BYTES)), 0));
  }
}
