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
import io.redress.contract.Resource;
import io.redress.contract.TrainingFigure;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every contract must keep reading what its released versions wrote: records stay on compacted topics and in
 * replays for years. Releasing a version means committing its full schema as
 * {@code schemas/released/<Name>.v<n>.avsc}.
 */
class SchemaCompatibilityTest {

  static Stream<Class<? extends SpecificRecord>> contracts() {
    return Stream.of(Finding.class, Resource.class, ExceptionRecord.class, Decision.class, RemediationCommand.class,
        RemediationResult.class, Notification.class, BreakerState.class, DeadLetter.class,
        HeldResolution.class, NotificationResult.class, BreakerReset.class, AddressedLesson.class, DueLessons.class,
        LessonWindow.class, TrainingFigure.class);
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

  private static Schema schemaOf(Class<? extends SpecificRecord> contract) {
    return SpecificData.get().getSchema(contract);
  }
}
