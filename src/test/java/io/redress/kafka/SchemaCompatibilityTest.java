package io.redress.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.AddressedLesson;
import io.redress.contract.BreakerReset;
import io.redress.contract.BreakerState;
import io.redress.contract.DeadLetter;
import io.redress.contract.Decision;
import io.redress.contract.DueLessons;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.Finding;
import io.redress.contract.HeldResolution;
import io.redress.contract.LessonWindow;
import io.redress.contract.Notification;
import io.redress.contract.NotificationResult;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.contract.ReplayedDeadLetter;
import io.redress.contract.Resource;
import io.redress.contract.TrainingFigure;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every contract must keep reading what its released versions wrote: records stay on compacted topics and in
 * replays for years. Releasing a version means committing its full schema as
 * {@code schemas/released/<Name>.v<n>.avsc}, and so each contract it nests that is not released yet.
 */
class SchemaCompatibilityTest {

  static Stream<Class<? extends SpecificRecord>> contracts() {
    return Stream.of(Finding.class, Resource.class, ExceptionRecord.class, Decision.class, RemediationCommand.class,
        RemediationResult.class, Notification.class, BreakerState.class, DeadLetter.class,
        HeldResolution.class, NotificationResult.class, BreakerReset.class, AddressedLesson.class, DueLessons.class,
        LessonWindow.class, TrainingFigure.class, ReplayedDeadLetter.class);
  }

  @ParameterizedTest
  @MethodSource("contracts")
  void everyContractHasAReleasedVersion(Class<? extends SpecificRecord> contract) {
    assertThat(AvroSerde.releasedVersions(schemaOf(contract).getName())).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("contracts")
  void theCurrentSchemaReadsEveryReleasedVersion(Class<? extends SpecificRecord> contract) {
    Schema current = schemaOf(contract);
    for (Schema released : AvroSerde.releasedVersions(current.getName())) {
      assertThat(incompatibilities(current, released)).as("%s reading its released version", current.getName()).isEmpty();
    }
  }

  /**
   * A released schema nests the contracts its release wrote (a lesson carries its decision), and that release wrote
   * them on their own topics too, with the same schema: the decoder, which knows a contract by its own released
   * versions alone, must know each of them.
   */
  @ParameterizedTest
  @MethodSource("contracts")
  void everyContractNestedInAReleasedVersionIsAReleasedVersionOfItsOwn(Class<? extends SpecificRecord> contract) {
    Set<String> contractNames = contracts().map(c -> schemaOf(c).getFullName()).collect(Collectors.toSet());
    List<String> unreleased = new ArrayList<>();
    for (Schema released : AvroSerde.releasedVersions(schemaOf(contract).getName())) {
      for (Schema nested : nestedRecords(released)) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(nested);
        if (contractNames.contains(nested.getFullName()) && AvroSerde.releasedVersions(nested.getName()).stream()
            .noneMatch(version -> SchemaNormalization.parsingFingerprint64(version) == fingerprint)) {
          unreleased.add(nested.getName() + " of fingerprint " + fingerprint);
        }
      }
    }
    assertThat(unreleased).as("contracts nested in a released %s", schemaOf(contract).getName()).isEmpty();
  }

  @Test
  void aNewFieldWithoutADefaultIsCaughtAsIncompatible() {
    Schema released = AvroSerde.releasedVersions("Resource").get(0);
    Schema withRequiredField = new Schema.Parser().parse(released.toString()
        .replace("\"fields\":[", "\"fields\":[{\"name\":\"owner\",\"type\":\"string\"},"));

    assertThat(incompatibilities(withRequiredField, released)).isNotEmpty();
  }

  @Test
  void aRemovedEnumSymbolIsCaughtAsIncompatible() {
    Schema released = AvroSerde.releasedVersions("BreakerState").get(0);
    Schema withoutOpen = new Schema.Parser().parse(released.toString().replace("\"CLOSED\",\"OPEN\"", "\"CLOSED\""));

    assertThat(incompatibilities(withoutOpen, released)).isNotEmpty();
  }

  private static List<String> incompatibilities(Schema reader, Schema writer) {
    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
    return result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE
        ? List.of()
        : result.getIncompatibilities().stream().map(Object::toString).toList();
  }

  /** The records a schema's fields hold, at any depth, each once. */
  private static List<Schema> nestedRecords(Schema record) {
    List<Schema> found = new ArrayList<>();
    for (Schema.Field field : record.getFields()) {
      collectRecords(field.schema(), found);
    }
    return found;
  }

  private static void collectRecords(Schema schema, List<Schema> found) {
    switch (schema.getType()) {
      case RECORD -> {
        if (found.stream().noneMatch(known -> known == schema)) {
          found.add(schema);
          schema.getFields().forEach(field -> collectRecords(field.schema(), found));
        }
      }
      case ARRAY -> collectRecords(schema.getElementType(), found);
      case MAP -> collectRecords(schema.getValueType(), found);
      case UNION -> schema.getTypes().forEach(branch -> collectRecords(branch, found));
      default -> {
      }
    }
  }

  private static Schema schemaOf(Class<? extends SpecificRecord> contract) {
    return SpecificData.get().getSchema(contract);
  }
}
