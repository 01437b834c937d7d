package io.redress.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import io.redress.contract.RemediationCommand;
import io.redress.contract.Resource;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  private final AvroSerde<BreakerState> serde = AvroSerde.of(BreakerState.class);

  @Test
  void aRecordSurvivesTheRoundTripWithItsSchemaFingerprint() {
    BreakerState state = BreakerState.newBuilder()
        .setScope("global").setStatus(BreakerStatus.OPEN).setCount(51).setThreshold(50).setWindowMillis(300_000)
        .setOpenedAt(Instant.parse("2026-11-01T09:00:00Z")).setReason("spike")
        .setUpdatedAt(Instant.parse("2026-11-01T09:00:00Z")).build();

    byte[] bytes = serde.serializer().serialize("redress.breaker", state);

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(serde.deserializer().deserialize("redress.breaker", bytes)).isEqualTo(state);
  }

  @Test
  void aRecordWrittenWithAReleasedSchemaIsRead() throws Exception {
    Schema released = AvroSerde.releasedVersions("BreakerState").get(0);
    GenericRecord old = new GenericData.Record(released);
    old.put("scope", "account:111122223333");
    old.put("status", new GenericData.EnumSymbol(released.getField("status").schema(), "CLOSED"));
    old.put("count", 0);
    old.put("threshold", 20);
    old.put("windowMillis", 300_000L);
    old.put("reason", "closed");
    old.put("updatedAt", 1_700_000_000_000L);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new BinaryMessageEncoder<GenericRecord>(GenericData.get(), released).encode(old, out);

    BreakerState read = serde.deserializer().deserialize("redress.breaker", out.toByteArray());

    assertThat(read.getScope()).isEqualTo("account:111122223333");
    assertThat(read.getThreshold()).isEqualTo(20);
  }

  @Test
  void bytesThatAreNotASingleObjectEncodingFailWithTheTopicNamed() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("redress.breaker", "{\"scope\":1}".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("redress.breaker");
  }

  @Test
  void noBytesAtAllAreNotASingleObjectEncoding() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("redress.breaker", new byte[0]))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not in Avro single-object encoding");
  }

  @Test
  void aSingleObjectHeaderWithoutItsBodyIsReadAsATruncatedRecordNotAsAnotherEncoding() {
    byte[] headerOnly = singleObject(BreakerState.getClassSchema());

    assertThatThrownBy(() -> serde.deserializer().deserialize("redress.breaker", headerOnly))
        .isInstanceOf(SerializationException.class)
        .hasMessageNotContaining("not in Avro single-object encoding")
        .hasRootCauseInstanceOf(EOFException.class);
  }

  @Test
  void aRecordFramedForTheGlueSchemaRegistryIsRefusedByAProcessNotConfiguredForItSayingHowToConfigureIt() {
    AvroSerde.useWireFormat(new WireFormat.SingleObject());
    byte[] glueFramed = {GlueSchemaRegistry.HEADER_VERSION, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

    assertThatThrownBy(() -> serde.deserializer().deserialize("redress.breaker", glueFramed))
        .isInstanceOf(SerializationException.class)
        .hasMessage("BreakerState on redress.breaker is framed for the AWS Glue Schema Registry, and this process is"
            + " not configured for it (kafka.properties redress.wire.format: glue)");
    assertThatThrownBy(() -> AvroSerde.registryFramed("redress.breaker", glueFramed))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("a record on redress.breaker is framed for the AWS Glue Schema Registry");
  }

  @Test
  void onlyARecordWhoseFirstByteIsTheGlueHeaderVersionIsRegistryFramed() {
    byte[] singleObject = serde.serializer().serialize("redress.breaker", state("spike"));

    assertThat(AvroSerde.registryFramed("redress.breaker", singleObject)).isEmpty();
    assertThat(AvroSerde.registryFramed("redress.breaker", new byte[0])).isEmpty();
    assertThat(AvroSerde.registryFramed("redress.breaker", null)).isEmpty();
  }

  @Test
  void aRecordOverTheRecordLimitIsRefusedWhileSerializingWithItsSizeNamed() {
    BreakerState huge = state("x".repeat(AvroSerde.MAX_RECORD_BYTES));

    assertThatThrownBy(() -> serde.serializer().serialize("redress.breaker", huge))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("BreakerState for redress.breaker would be")
        .hasMessageContaining("over the limit of " + AvroSerde.MAX_RECORD_BYTES + " bytes");
  }

  @Test
  void aRecordOfExactlyTheLimitIsWritten() {
    int overhead = serde.serializer().serialize("t", state("")).length;
    // A string of n bytes takes n bytes plus its length, a varint of 3 bytes at this size instead of 1.
    BreakerState atTheLimit = state("x".repeat(AvroSerde.MAX_RECORD_BYTES - overhead - 2));

    assertThat(serde.serializer().serialize("t", atTheLimit)).hasSize(AvroSerde.MAX_RECORD_BYTES);
    assertThatThrownBy(() -> serde.serializer().serialize("t", state("x".repeat(AvroSerde.MAX_RECORD_BYTES - overhead - 1))))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void aDecoderWithALimitRefusesLargerRecordsAndReadsOnesOfExactlyTheLimit() {
    byte[] bytes = serde.serializer().serialize("t", state("spike"));

    assertThat(serde.decodingAtMost(bytes.length).deserializer().deserialize("t", bytes).getReason()).isEqualTo("spike");
    assertThatThrownBy(() -> serde.decodingAtMost(bytes.length - 1).deserializer().deserialize("redress.findings", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessage("BreakerState of " + bytes.length + " bytes on redress.findings is over the limit of "
            + (bytes.length - 1) + " bytes");
  }

  @Test
  void aCommandClaimingAStringOfBillionsOfBytesIsUndecodableInsteadOfExhaustingTheHeap() {
    // commandId, the command's first field, claims 1.5 billion bytes; three follow.
    byte[] poison = singleObject(RemediationCommand.getClassSchema(), varint(1_500_000_000), "abc".getBytes());

    assertThatThrownBy(() -> AvroSerde.of(RemediationCommand.class).deserializer().deserialize("redress.commands", poison))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("redress.commands")
        .hasMessageContaining("a string of 1500000000 bytes cannot fit in the 3 bytes left in the record");
  }

  @Test
  void aMapClaimingBillionsOfEntriesIsUndecodableInsteadOfExhaustingTheHeap() {
    Schema schema = Resource.getClassSchema();
    byte[] fields = new byte[] {2, 't', 2, 'i', 2, 'p', 2, 'a', 2, 'r'};
    // tags, after type, id, partition, account and region, claims Avro's largest count of entries.
    byte[] poison = singleObject(schema, fields, varint(Integer.MAX_VALUE - 8), new byte[] {2, 'k', 2, 'v', 0});

    assertThatThrownBy(() -> AvroSerde.of(Resource.class).deserializer().deserialize("redress.findings", poison))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("a map of " + (Integer.MAX_VALUE - 8) + " entries cannot fit in the 5 bytes left");
  }

  @Test
  void aRecordWhoseLengthsFitItsBytesIsStillRead() {
    Resource resource = Resource.newBuilder().setType("AwsS3Bucket").setId("arn:aws:s3:::web").setAccount("1")
        .setRegion("eu-west-1").setTags(Map.of("owner", "web")).build();
    AvroSerde<Resource> resources = AvroSerde.of(Resource.class);

    assertThat(resources.deserializer().deserialize("t", resources.serializer().serialize("t", resource)))
        .isEqualTo(resource);
  }

  /** Written by Redress's own buffered encoder, a record is byte for byte what Avro's message encoder writes. */
  @Test
  void aRecordIsWrittenExactlyAsAvrosSingleObjectEncoderWritesIt() throws Exception {
    Resource resource = Resource.newBuilder().setType("AwsS3Bucket").setId("arn:aws:s3:::web-\u00e9t\u00e9")
        .setAccount("111122223333").setRegion("eu-west-1").setTags(Map.of("owner", "web", "team", "\u30a6\u30a7\u30d6"))
        .build();
    BreakerState state = state("x".repeat(5_000));

    assertThat(AvroSerde.of(Resource.class).serializer().serialize("t", resource))
        .isEqualTo(new BinaryMessageEncoder<Resource>(SpecificData.get(), Resource.getClassSchema()).encode(resource)
            .array());
    assertThat(serde.serializer().serialize("t", state))
        .isEqualTo(new BinaryMessageEncoder<BreakerState>(SpecificData.get(), BreakerState.getClassSchema())
            .encode(state).array());
  }

  private static byte[] singleObject(Schema schema, byte[]... body) {
    ByteBuffer bytes = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN)
        .put((byte) 0xC3).put((byte) 0x01).putLong(SchemaNormalization.parsingFingerprint64(schema));
    for (byte[] part : body) {
      bytes.put(part);
    }
    return Arrays.copyOf(bytes.array(), bytes.position());
  }

  /** Avro's zig-zag varint of a non-negative long. */
  private static byte[] varint(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long zigZag = value << 1;
    while ((zigZag & ~0x7FL) != 0) {
      out.write((int) ((zigZag & 0x7F) | 0x80));
      zigZag >>>= 7;
    }
    out.write((int) zigZag);
    return out.toByteArray();
  }

  private static BreakerState state(String reason) {
    return BreakerState.newBuilder()
        .setScope("global").setStatus(BreakerStatus.OPEN).setCount(51).setThreshold(50).setWindowMillis(300_000)
        .setOpenedAt(Instant.parse("2026-11-01T09:00:00Z")).setReason(reason)
        .setUpdatedAt(Instant.parse("2026-11-01T09:00:00Z")).build();
  }
}
