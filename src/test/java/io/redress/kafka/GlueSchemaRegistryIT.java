package io.redress.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.schemaregistry.common.Schema;
import com.amazonaws.services.schemaregistry.common.configs.GlueSchemaRegistryConfiguration;
import com.amazonaws.services.schemaregistry.deserializers.GlueSchemaRegistryDeserializerImpl;
import com.amazonaws.services.schemaregistry.deserializers.GlueSchemaRegistryKafkaDeserializer;
import com.amazonaws.services.schemaregistry.serializers.GlueSchemaRegistrySerializerImpl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.redress.chain.HashChain;
import io.redress.chain.HashChain.Link;
import io.redress.contract.BreakerState;
import io.redress.contract.BreakerStatus;
import io.redress.contract.ComplianceStatus;
import io.redress.contract.Decision;
import io.redress.contract.Finding;
import io.redress.contract.FindingSource;
import io.redress.contract.Outcome;
import io.redress.contract.Resource;
import io.redress.contract.Severity;
import io.redress.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.zip.DeflaterOutputStream;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;

/**
 * Records framed for the AWS Glue Schema Registry, against moto's Glue registry, checked both ways against AWS's own
 * serde: what Redress writes, AWS's deserializer reads (its Kafka deserializer too, on the Kafka 4 clients Redress
 * uses), and what AWS's serializer writes (plain or zlib-compressed), Redress reads.
 */
class GlueSchemaRegistryIT {
  private static final String TOPIC = "redress.breaker";
  private static final String DECISIONS = "redress.decisions";
  private static final String REGISTRY = "redress";
  private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
      AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY));
  private static final BreakerState STATE = BreakerState.newBuilder()
      .setScope("global").setStatus(BreakerStatus.OPEN).setCount(51).setThreshold(50).setWindowMillis(300_000)
      .setOpenedAt(Instant.parse("2026-11-01T09:00:00Z")).setReason("spike")
      .setUpdatedAt(Instant.parse("2026-11-01T09:00:00Z")).build();

  private static MotoServer moto;
  private static GlueClient glue;
  private final AvroSerde<BreakerState> serde = AvroSerde.of(BreakerState.class);

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.start();
    glue = GlueClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).build();
  }

  @AfterAll
  static void stopMoto() {
    glue.close();
    moto.close();
  }

  @BeforeEach
  void freshRegistry() throws Exception {
    moto.reset();
    glue.createRegistry(request -> request.registryName(REGISTRY));
  }

  @AfterEach
  void backToSingleObjectEncoding() {
    AvroSerde.useWireFormat(new WireFormat.SingleObject());
  }

  @Test
  void aRecordRedressWritesIsReadByAwsOwnDeserializerWithTheSchemaRegisteredUnderTheTopic() throws Exception {
    AvroSerde.useWireFormat(registry(true));

    byte[] bytes = serde.serializer().serialize(TOPIC, STATE);

    GlueSchemaRegistryDeserializerImpl aws = new GlueSchemaRegistryDeserializerImpl(CREDENTIALS, awsConfig(Map.of()));
    Schema schema = aws.getSchema(bytes);
    assertThat(schema.getDataFormat()).isEqualTo("AVRO");
    assertThat(new org.apache.avro.Schema.Parser().parse(schema.getSchemaDefinition()))
        .isEqualTo(BreakerState.getClassSchema());
    assertThat(new SpecificDatumReader<>(BreakerState.class)
        .read(null, DecoderFactory.get().binaryDecoder(aws.getData(bytes), null))).isEqualTo(STATE);
    assertThat(glue.getSchema(request -> request.schemaId(id -> id.registryName(REGISTRY).schemaName(TOPIC)))
        .latestSchemaVersion()).isEqualTo(1);
  }

  @Test
  void awsOwnKafkaDeserializerOnTheseKafkaClientsReadsWhatRedressWrites() {
    AvroSerde.useWireFormat(registry(true));
    byte[] bytes = serde.serializer().serialize(TOPIC, STATE);
    Map<String, Object> config = new HashMap<>(Map.of("region", "us-east-1", "endpoint", moto.endpoint().toString(),
        "registry.name", REGISTRY, "avroRecordType", "SPECIFIC_RECORD"));

    try (GlueSchemaRegistryKafkaDeserializer aws = new GlueSchemaRegistryKafkaDeserializer(CREDENTIALS, config)) {
      assertThat(aws.deserialize(TOPIC, bytes)).isEqualTo(STATE);
    }
  }

  @Test
  void aRecordAwsOwnSerializerWritesIsReadByRedress() throws Exception {
    AvroSerde.useWireFormat(registry(true));

    byte[] bytes = awsSerializer(Map.of()).encode(TOPIC, awsSchema(), binary(STATE));

    assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(STATE);
  }

  @Test
  void oneSerdeReadsBackEachOfManyRecordsItWroteAsItWasWritten() {
    AvroSerde.useWireFormat(registry(true));
    List<BreakerState> states = IntStream.range(0, 5).mapToObj(count -> BreakerState.newBuilder(STATE)
        .setCount(count).setStatus(count % 2 == 0 ? BreakerStatus.OPEN : BreakerStatus.CLOSED).build()).toList();

    List<byte[]> written = states.stream().map(state -> serde.serializer().serialize(TOPIC, state)).toList();

    assertThat(written).allSatisfy(bytes -> assertThat(bytes[0]).isEqualTo(GlueSchemaRegistry.HEADER_VERSION));
    assertThat(written.stream().map(bytes -> serde.deserializer().deserialize(TOPIC, bytes)).toList())
        .isEqualTo(states);
  }

  @Test
  void aZlibCompressedRecordAwsOwnSerializerWritesIsReadByRedress() throws Exception {
    AvroSerde.useWireFormat(registry(true));

    byte[] bytes = awsSerializer(Map.of("compression", "ZLIB")).encode(TOPIC, awsSchema(), binary(STATE));

    assertThat(bytes[1]).isEqualTo((byte) 5);
    assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(STATE);
  }

  @Test
  void aZlibRecordThatInflatesPastTheRecordLimitIsUndecodableInsteadOfInflatedWhole() {
    AvroSerde.useWireFormat(registry(true));
    byte[] framed = serde.serializer().serialize(TOPIC, STATE);
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    bomb.write(framed[0]);
    bomb.write(5);
    bomb.write(framed, 2, 16);
    try (DeflaterOutputStream zlib = new DeflaterOutputStream(bomb)) {
      zlib.write(new byte[AvroSerde.MAX_RECORD_BYTES + 4 * 1024 * 1024]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    assertThat(bomb.size()).isLessThan(10_000);
    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, bomb.toByteArray()))
        .isInstanceOf(SerializationException.class).hasMessageContaining(TOPIC)
        .hasMessageContaining("inflates to over the limit of " + AvroSerde.MAX_RECORD_BYTES + " bytes");
  }

  @Test
  void anotherProcessFindsTheVersionAlreadyRegisteredInsteadOfRegisteringASecond() {
    AvroSerde.useWireFormat(registry(true));
    byte[] first = serde.serializer().serialize(TOPIC, STATE);

    AvroSerde.useWireFormat(registry(false));
    byte[] second = AvroSerde.of(BreakerState.class).serializer().serialize(TOPIC, STATE);

    assertThat(Arrays.copyOfRange(second, 0, 18)).isEqualTo(Arrays.copyOfRange(first, 0, 18));
    assertThat(glue.getSchema(request -> request.schemaId(id -> id.registryName(REGISTRY).schemaName(TOPIC)))
        .latestSchemaVersion()).isEqualTo(1);
  }

  @Test
  void withoutAutoRegistrationAnUnregisteredSchemaIsARegistryErrorNamingSchemaAndRegistryNotARecordError() {
    AvroSerde.useWireFormat(registry(false));

    assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, STATE))
        .isInstanceOf(SchemaRegistryException.class).isNotInstanceOf(SerializationException.class)
        .hasMessageContaining("BreakerState").hasMessageContaining(TOPIC).hasMessageContaining(REGISTRY)
        .hasMessageContaining("schemaAutoRegistrationEnabled");
  }

  @Test
  void aRegistryThatCannotBeReachedIsARegistryErrorWhenARecordNamesAnUnknownVersion() {
    AvroSerde.useWireFormat(registry(true));
    byte[] framed = serde.serializer().serialize(TOPIC, STATE);
    GlueClient unreachable = GlueClient.builder().endpointOverride(URI.create("http://127.0.0.1:9"))
        .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).build();

    AvroSerde.useWireFormat(new GlueSchemaRegistry(unreachable, REGISTRY, true));

    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, framed))
        .isInstanceOf(SchemaRegistryException.class).hasMessageContaining(TOPIC);
    unreachable.close();
  }

  @Test
  void aRecordNamingAVersionTheRegistryDoesNotHaveIsUndecodableNotARegistryError() {
    AvroSerde.useWireFormat(registry(true));
    byte[] framed = serde.serializer().serialize(TOPIC, STATE);
    UUID unknown = UUID.randomUUID();
    ByteBuffer.wrap(framed).putLong(2, unknown.getMostSignificantBits()).putLong(10, unknown.getLeastSignificantBits());

    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, framed))
        .isInstanceOf(SerializationException.class).hasCauseInstanceOf(EntityNotFoundException.class)
        .hasMessageContaining(TOPIC).hasMessageContaining(unknown.toString());
  }

  @Test
  void recordsWrittenInSingleObjectEncodingBeforeTheSwitchAreStillRead() {
    byte[] before = serde.serializer().serialize(TOPIC, STATE);

    AvroSerde.useWireFormat(registry(true));

    assertThat(before[0]).isEqualTo((byte) 0xC3);
    assertThat(serde.deserializer().deserialize(TOPIC, before)).isEqualTo(STATE);
  }

  @Test
  void aProcessNotConfiguredForTheRegistrySaysSoOfARecordFramedForIt() {
    AvroSerde.useWireFormat(registry(true));
    byte[] framed = serde.serializer().serialize(TOPIC, STATE);

    AvroSerde.useWireFormat(new WireFormat.SingleObject());

    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, framed))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(TOPIC).hasMessageContaining("redress.wire.format: glue");
  }

  @Test
  void aChainOfDecisionsFramedForTheRegistryIsReadAsWrittenAndItsHashesCheck() {
    AvroSerde.useWireFormat(registry(true));
    AvroSerde<Decision> decisions = AvroSerde.of(Decision.class);
    Decision first = HashChain.link(decision("first"), null);
    Decision second = HashChain.link(decision("second"), first.getRecordHash());
    Decision altered = Decision.newBuilder(second).setReason("rewritten").build();

    byte[] stored = decisions.serializer().serialize(DECISIONS, second);
    Link link = HashChain.read(stored);

    assertThat(stored[0]).isEqualTo(GlueSchemaRegistry.HEADER_VERSION);
    assertThat(HashChain.read(decisions.serializer().serialize(DECISIONS, first)).intact()).isTrue();
    assertThat(link.previous()).isEqualTo(first.getRecordHash());
    assertThat(link.hash()).isEqualTo(second.getRecordHash());
    assertThat(link.intact()).isTrue();
    assertThat(HashChain.read(decisions.serializer().serialize(DECISIONS, altered)).intact()).isFalse();
  }

  @Test
  void aChainedRecordFramedForTheRegistryIsUnreadableToAProcessNotConfiguredForIt() {
    AvroSerde.useWireFormat(registry(true));
    byte[] framed = AvroSerde.of(Decision.class).serializer().serialize(DECISIONS, HashChain.link(decision("a"), null));

    AvroSerde.useWireFormat(new WireFormat.SingleObject());

    assertThatThrownBy(() -> HashChain.read(framed)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redress.wire.format: glue");
  }

  /**
   * A registry takes any compatible version of a schema, and one with an enum's symbols reordered reads the very
   * bytes Redress wrote as another value (an OPEN breaker as CLOSED): such a record is undecodable.
   */
  @Test
  void aRecordFramedWithARegisteredVersionRedressNeverReleasedIsUndecodable() {
    AvroSerde.useWireFormat(registry(true));
    byte[] written = serde.serializer().serialize(TOPIC, STATE);

    byte[] reframed = reframed(written, TOPIC, reordered(BreakerState.getClassSchema(), "BreakerStatus"));

    assertThat(serde.deserializer().deserialize(TOPIC, written)).isEqualTo(STATE);
    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, reframed))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("neither this version's nor a released one");
  }

  /** The chain hash covers a record's body, not the schema it is read with: the audit must not read it otherwise. */
  @Test
  void aChainedRecordReframedWithAVersionRedressNeverReleasedIsNotReadAsIntact() {
    AvroSerde.useWireFormat(registry(true));
    byte[] stored = AvroSerde.of(Decision.class).serializer()
        .serialize(DECISIONS, HashChain.link(decision("a"), null));

    byte[] reframed = reframed(stored, DECISIONS, reordered(Decision.getClassSchema(), "Outcome"));

    assertThat(HashChain.read(stored).intact()).isTrue();
    assertThatThrownBy(() -> HashChain.read(reframed)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not one Redress released");
  }

  /** {@code schema} with the symbols of its enum {@code name} in reverse order. */
  private static org.apache.avro.Schema reordered(org.apache.avro.Schema schema, String name) {
    try {
      JsonNode tree = new ObjectMapper().readTree(schema.toString());
      reverseSymbols(tree, name);
      return new org.apache.avro.Schema.Parser().parse(tree.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void reverseSymbols(JsonNode node, String name) {
    if (node.isObject() && "enum".equals(node.path("type").asText()) && name.equals(node.path("name").asText())) {
      List<JsonNode> symbols = new ArrayList<>();
      node.get("symbols").forEach(symbols::add);
      Collections.reverse(symbols);
      ((ArrayNode) node.get("symbols")).removeAll().addAll(symbols);
    }
    node.forEach(child -> reverseSymbols(child, name));
  }

  /** {@code framed} with its header naming {@code schema}, registered under {@code topic} by AWS's own serializer. */
  private static byte[] reframed(byte[] framed, String topic, org.apache.avro.Schema schema) {
    byte[] other = awsSerializer(Map.of()).encode(topic, new Schema(schema.toString(), "AVRO", topic), new byte[] {0});
    byte[] copy = framed.clone();
    System.arraycopy(other, 2, copy, 2, 16);
    assertThat(Arrays.copyOfRange(copy, 2, 18)).isNotEqualTo(Arrays.copyOfRange(framed, 2, 18));
    return copy;
  }

  private static Decision decision(String bucket) {
    Instant at = Instant.parse("2026-11-01T09:00:00Z");
    Finding finding = Finding.newBuilder().setFindingId("finding-" + bucket).setSource(FindingSource.SECURITY_HUB)
        .setProduct("Security Hub").setRuleId("security-control/S3.8").setControl("S3.8").setTitle("public bucket")
        .setSeverity(Severity.HIGH).setCompliance(ComplianceStatus.FAILED).setActive(true)
        .setResource(Resource.newBuilder().setType("AwsS3Bucket").setId("arn:aws:s3:::" + bucket)
            .setAccount("111122223333").setRegion("eu-west-1").setTags(Map.of("owner", "web", "env", "prod")).build())
        .setObservedAt(at).setReceivedAt(at).build();
    return Decision.newBuilder().setDecisionId("decision-" + bucket).setFinding(finding).setOutcome(Outcome.DRY_RUN)
        .setReason("dry-run by default").setDecidedAt(at).build();
  }

  private static GlueSchemaRegistry registry(boolean autoRegister) {
    return new GlueSchemaRegistry(glue, REGISTRY, autoRegister);
  }

  private static GlueSchemaRegistryConfiguration awsConfig(Map<String, String> extra) {
    Map<String, Object> config = new HashMap<>(Map.of("region", "us-east-1", "endpoint", moto.endpoint().toString(),
        "registry.name", REGISTRY, "schemaAutoRegistrationEnabled", "true"));
    config.putAll(extra);
    return new GlueSchemaRegistryConfiguration(config);
  }

  private static GlueSchemaRegistrySerializerImpl awsSerializer(Map<String, String> extra) {
    return new GlueSchemaRegistrySerializerImpl(CREDENTIALS, awsConfig(extra));
  }

  private static Schema awsSchema() {
    return new Schema(BreakerState.getClassSchema().toString(), "AVRO", TOPIC);
  }

  private static byte[] binary(BreakerState state) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(BreakerState.class).write(state, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
