package io.redress.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The shape STYLE.md asks for, checked on the compiled code: packages by domain with no cycles between them, and
 * the domain packages free of Kafka Streams and of the AWS SDK, so each rule can be read and tested on its own.
 */
class PackageStructureTest {

  private static final JavaClasses PRODUCT = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.redress");

  @Test
  void noPackageDependsOnOneThatDependsOnItBack() {
    slices().matching("io.redress.(*)..").should().beFreeOfCycles().check(PRODUCT);
  }

  @Test
  void theDomainPackagesKnowNothingOfKafkaStreams() {
    noClasses().that().resideInAnyPackage("io.redress.decision..", "io.redress.exceptions..", "io.redress.breaker..",
            "io.redress.ingest..", "io.redress.resource..", "io.redress.remediation..", "io.redress.notification..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.kafka.streams..")
        .check(PRODUCT);
  }

  @Test
  void theDecisionRulesKnowNothingOfTheAwsSdk() {
    noClasses().that().resideInAnyPackage("io.redress.decision..", "io.redress.exceptions..", "io.redress.breaker..")
        .should().dependOnClassesThat().resideInAPackage("software.amazon..")
        .check(PRODUCT);
  }

  @Test
  void theStreamsProcessorsLiveInTheTopologyLayer() {
    noClasses().that().resideOutsideOfPackage("io.redress.topology..")
        .should().implement("org.apache.kafka.streams.processor.api.Processor")
        .orShould().implement("org.apache.kafka.streams.processor.api.FixedKeyProcessor")
        .check(PRODUCT);
  }
}
