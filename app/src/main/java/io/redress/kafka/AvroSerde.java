package io.redress.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro single-object encoding (a two-byte marker, the schema's 64-bit fingerprint, then the binary body): each
 * record names its writer schema without a registry. Records written with a released earlier version of a schema
 * still decode, because every released version under {@code schemas/released/} is offered to the decoder.
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

  private final Class<T> type;
  private final int maxDecodedBytes;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private AvroSerde(Class<T> type, int maxDecodedBytes) {
    this.type = type;
    this.maxDecodedBytes = maxDecodedBytes;
    Schema schema = SpecificData.get().getSchema(type);
    SchemaStore.Cache released = new SchemaStore.Cache();
    releasedVersions(schema.getName()).forEach(released::addSchema);
    this.encoder = new BinaryMessageEncoder<>(SpecificData.get(), schema);
    this.decoder = new BinaryMessageDecoder<>(SpecificData.get(), schema, released);
  }

  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(type, Integer.MAX_VALUE);
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
      try {
        ByteBuffer buffer = encoder.encode(record);
        if (buffer.remaining() > MAX_RECORD_BYTES) {
          throw new SerializationException(type.getSimpleName() + " for " + topic + " would be " + buffer.remaining()
              + " bytes, over the limit of " + MAX_RECORD_BYTES + " bytes");
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
      } catch (IOException e) {
        throw new SerializationException("cannot encode " + type.getSimpleName() + " for " + topic, e);
      }
    };
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
        return decoder.decode(bytes);
      } catch (IOException | RuntimeException e) {
        throw new SerializationException(
            "cannot decode " + type.getSimpleName() + " from " + topic + ": " + e.getMessage(), e);
      }
    };
  }
}
