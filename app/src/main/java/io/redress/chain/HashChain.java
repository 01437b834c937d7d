package io.redress.chain;

import io.redress.contract.Decision;
import io.redress.contract.RemediationResult;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.BoundedDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The tamper evidence of the audit trail: every decision and every result carries {@code recordHash}, the SHA-256
 * (hex) of the {@code previousHash} it names (the hash of the record before it on its partition) and of its own
 * canonical encoding. Changing, adding, removing or moving a record breaks a link that anyone can recompute.
 *
 * <p>The canonical encoding is the record's Avro binary encoding under the schema it was written with, both chain
 * fields null, map entries in key order. The writer's schema, not the reader's, so that a record hashed today still
 * checks after later versions add fields; map order fixed, because Avro writes map entries in whatever order the map
 * iterates. The hash covers the previous hash in hex (empty for the first record of a chain), a newline, then
 * those bytes. The framing (single-object encoding or the Glue Schema Registry's) is not part of it, so a chain runs
 * on across a change of {@code redress.wire.format}.
 */
public final class HashChain {

  public static final String PREVIOUS_FIELD = "previousHash";
  public static final String HASH_FIELD = "recordHash";

  /** Avro single-object encoding: a two-byte marker, then the writer schema's 64-bit fingerprint (little endian). */
  private static final byte[] MARKER = {(byte) 0xC3, 0x01};
  private static final int HEADER = MARKER.length + Long.BYTES;
  private static final Map<Long, Schema> WRITERS = writerSchemas();
  private static final Set<String> CHAINED =
      Set.of(Decision.getClassSchema().getFullName(), RemediationResult.getClassSchema().getFullName());
  /** What a registry's message names as the topic: the chain is read from the decisions and results topics. */
  private static final String CHAINED_TOPICS = "the decisions or results topic";
  private static final CanonicalWriter<Decision> DECISIONS = new CanonicalWriter<>(Decision.getClassSchema());
  private static final CanonicalWriter<RemediationResult> RESULTS =
      new CanonicalWriter<>(RemediationResult.getClassSchema());

  private HashChain() {
  }

  /** What a stored record says of its place in the chain, and whether its content still matches its hash. */
  public record Link(String previous, String hash, String recomputed) {
    /** Written before the chain existed (or by something that does not chain). */
    public boolean chained() {
      return hash != null;
    }

    public boolean intact() {
      return hash != null && hash.equals(recomputed);
    }
  }

  /** The decision, linked after the record whose hash is {@code previous} (null: it starts the chain). */
  public static Decision link(Decision decision, String previous) {
    Decision linked = shallowCopy(decision, new Decision());
    linked.setPreviousHash(previous);
    linked.setRecordHash(hash(previous, DECISIONS.canonical(decision)));
    return linked;
  }

  /** The result, linked after the record whose hash is {@code previous} (null: it starts the chain). */
  public static RemediationResult link(RemediationResult result, String previous) {
    RemediationResult linked = shallowCopy(result, new RemediationResult());
    linked.setPreviousHash(previous);
    linked.setRecordHash(hash(previous, RESULTS.canonical(result)));
    return linked;
  }

  /**
   * A new record sharing the fields of {@code record}: linking sets only the two chain fields, so the rest (a
   * decision's whole finding) needs no deep copy, and the record given is left as it was.
   */
  private static <T extends SpecificRecordBase> T shallowCopy(T record, T copy) {
    for (Schema.Field field : record.getSchema().getFields()) {
      copy.put(field.pos(), record.get(field.pos()));
    }
    return copy;
  }

  /**
   * Reads a stored decision or result as it was written.
   *
   * @throws IllegalArgumentException when the bytes are not a decision or result of a schema Redress knows
   */
  public static Link read(byte[] stored) {
    GenericRecord record = decode(stored);
    Schema schema = record.getSchema();
    String previous = text(record, schema, PREVIOUS_FIELD);
    String hash = text(record, schema, HASH_FIELD);
    return new Link(previous, hash, hash == null ? null : hash(previous, canonical(record)));
  }

  private static String text(GenericRecord record, Schema schema, String field) {
    if (schema.getField(field) == null) {
      return null;
    }
    Object value = record.get(field);
    return value == null ? null : value.toString();
  }

  /** Either framing a serde writes: Avro single-object encoding, or the Glue Schema Registry's. */
  private static GenericRecord decode(byte[] stored) {
    Optional<AvroSerde.Written> registryFramed;
    try {
      registryFramed = AvroSerde.registryFramed(CHAINED_TOPICS, stored);
    } catch (SerializationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (registryFramed.isPresent()) {
      Schema writer = registryFramed.get().writer();
      if (!CHAINED.contains(writer.getFullName())) {
        throw new IllegalArgumentException("written with " + writer.getFullName() + ", neither a Decision nor a"
            + " RemediationResult");
      }
      // The hash covers the body, not the schema it is read with: only Redress's own schemas may read it.
      if (!WRITERS.containsKey(SchemaNormalization.parsingFingerprint64(writer))) {
        throw new IllegalArgumentException("framed with a registry schema of " + writer.getFullName() + " that is"
            + " not one Redress released, which could read the same bytes as other values");
      }
      byte[] body = registryFramed.get().body();
      return decode(writer, body, 0);
    }
    if (stored == null || stored.length < HEADER || stored[0] != MARKER[0] || stored[1] != MARKER[1]) {
      throw new IllegalArgumentException("not an Avro single-object encoded record, nor one framed for the Glue"
          + " Schema Registry");
    }
    long fingerprint = ByteBuffer.wrap(stored, MARKER.length, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
    Schema writer = WRITERS.get(fingerprint);
    if (writer == null) {
      throw new IllegalArgumentException("written with a schema that is neither a Decision nor a RemediationResult"
          + " Redress knows (fingerprint " + Long.toHexString(fingerprint) + ")");
    }
    return decode(writer, stored, HEADER);
  }

  /** The record whose body runs from {@code start} to the end of {@code bytes}. */
  private static GenericRecord decode(Schema writer, byte[] bytes, int start) {
    try {
      BoundedDecoder decoder = BoundedDecoder.over(bytes, start);
      GenericRecord record = new GenericDatumReader<GenericRecord>(writer, writer).read(null, decoder);
      if (!decoder.isEnd()) {
        throw new IllegalArgumentException("bytes follow the " + writer.getName() + " record");
      }
      return record;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot decode the " + writer.getName() + ": " + e.getMessage(), e);
    }
  }

  private static byte[] canonical(GenericRecord record) {
    Schema schema = record.getSchema();
    GenericRecord blank = (GenericRecord) ordered(schema, record);
    for (String field : List.of(PREVIOUS_FIELD, HASH_FIELD)) {
      if (schema.getField(field) != null) {
        blank.put(field, null);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      new GenericDatumWriter<GenericRecord>(schema).write(blank, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + schema.getName(), e);
    }
    return out.toByteArray();
  }

  /** A copy whose maps iterate in key order, so that their encoding does not depend on how they were built. */
  private static Object ordered(Schema schema, Object value) {
    return switch (schema.getType()) {
      case RECORD -> {
        GenericRecord record = (GenericRecord) value;
        GenericData.Record copy = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
          copy.put(field.pos(), ordered(field.schema(), record.get(field.pos())));
        }
        yield copy;
      }
      case MAP -> {
        Map<String, Object> sorted = new TreeMap<>();
        ((Map<?, ?>) value).forEach((key, entry) -> sorted.put(key.toString(), ordered(schema.getValueType(), entry)));
        yield sorted;
      }
      case ARRAY -> {
        List<Object> items = new ArrayList<>();
        for (Object item : (Iterable<?>) value) {
          items.add(ordered(schema.getElementType(), item));
        }
        yield items;
      }
      case UNION -> ordered(schema.getTypes().get(GenericData.get().resolveUnion(schema, value)), value);
      default -> value;
    };
  }

  private static String hash(String previous, byte[] canonical) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(((previous == null ? "" : previous) + "\n").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha256.digest(canonical));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * The canonical encoding of a record of the current schema, written in one pass from the record itself: what
   * {@link #read} computes by decoding stored bytes, blanking the chain fields and sorting the maps, this writes
   * directly, writing both chain fields as null and every map in key order.
   */
  private static final class CanonicalWriter<T extends SpecificRecordBase> {

    private final SortedMapsWriter<T> writer;

    CanonicalWriter(Schema schema) {
      this.writer = new SortedMapsWriter<>(schema);
    }

    byte[] canonical(T record) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      try {
        writer.write(record, encoder);
        encoder.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot encode " + record.getSchema().getName(), e);
      }
      return out.toByteArray();
    }
  }

  private static final class SortedMapsWriter<T> extends SpecificDatumWriter<T> {

    private final Schema.Field previous;
    private final Schema.Field hash;

    SortedMapsWriter(Schema schema) {
      super(schema);
      this.previous = schema.getField(PREVIOUS_FIELD);
      this.hash = schema.getField(HASH_FIELD);
    }

    /** The top record's own chain fields (the very field objects of its schema), not a nested record's. */
    @Override
    protected void writeField(Object datum, Schema.Field field, Encoder out, Object state) throws IOException {
      if (field == previous || field == hash) {
        write(field.schema(), null, out);
      } else {
        super.writeField(datum, field, out, state);
      }
    }

    @Override
    protected Iterable<Map.Entry<Object, Object>> getMapEntries(Object map) {
      Map<String, Map.Entry<Object, Object>> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) map).entrySet()) {
        sorted.put(entry.getKey().toString(), new AbstractMap.SimpleImmutableEntry<>(entry.getKey(), entry.getValue()));
      }
      return sorted.values();
    }
  }

  /** Every schema a decision or result may have been written with: the current ones and every released one. */
  private static Map<Long, Schema> writerSchemas() {
    Map<Long, Schema> writers = new HashMap<>();
    for (Schema current : List.of(Decision.getClassSchema(), RemediationResult.getClassSchema())) {
      writers.put(SchemaNormalization.parsingFingerprint64(current), current);
      for (Schema released : AvroSerde.releasedVersions(current.getName())) {
        writers.put(SchemaNormalization.parsingFingerprint64(released), released);
      }
    }
    return Map.copyOf(writers);
  }
}
