package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.redress.config.RedressConfig.AwsSettings;
import io.redress.contract.AppliedException;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.contract.Resource;
import io.redress.exceptions.ExceptionLookup;
import io.redress.exceptions.ExceptionMatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RemediationExecutorTest {

  private static final AwsSettings NO_AWS = new AwsSettings(false, "us-east-1", Optional.empty(), Map.of(), false);

  /** With AWS access configured, for commands refused before any call: no AWS is reached. */
  private static final AwsSettings AWS = new AwsSettings(true, "us-east-1", Optional.empty(), Map.of(), false);

  private final RemediationExecutor executor = new RemediationExecutor(NO_AWS, RemediationCatalogue.discover());
  private final RemediationExecutor withAws = new RemediationExecutor(AWS, RemediationCatalogue.discover());

  @AfterEach
  void close() {
    executor.close();
    withAws.close();
  }

  @Test
  void aResourceAnExceptionCoversNowIsNotTouchedWhateverWasDecided() {
    AppliedException approvedSince = AppliedException.newBuilder()
        .setScopeKey("resource=arn:aws:s3:::open-bucket").setReason("migration in progress")
        .setApprover("ciso@example.com").setExpiresAt(Instant.parse("2099-01-01T00:00:00Z")).build();
    ExceptionLookup excepted = Commands.matching(
        (resource, controls, at) -> new ExceptionMatch(Optional.of(approvedSince), List.of()));

    RemediationResult result = executor.execute(
        Commands.blockPublicAccess("123456789012", "arn:aws:s3:::open-bucket", false), excepted);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.EXCEPTED);
    assertThat(result.getMessage()).contains("resource=arn:aws:s3:::open-bucket", "ciso@example.com");
    assertThat(result.getApiCalls()).isEmpty();
  }

  @Test
  void anExceptionOnAnotherControlOfTheSameActionKeepsTheActionFromRunning() {
    AppliedException website = AppliedException.newBuilder()
        .setScopeKey("control=S3.8;resource=arn:aws:s3:::public-website").setReason("serves the public website")
        .setApprover("ciso@example.com").setExpiresAt(Instant.parse("2099-01-01T00:00:00Z")).build();
    List<List<String>> asked = new ArrayList<>();
    ExceptionLookup onS38 = Commands.matching((resource, controls, at) -> {
      asked.add(controls);
      return new ExceptionMatch(controls.contains("S3.8") ? Optional.of(website) : Optional.empty(), List.of());
    });

    RemediationResult result = executor.execute(Commands.command("s3-block-public-access", "S3.2",
        Commands.bucket("123456789012", "arn:aws:s3:::public-website"), false), onS38);

    assertThat(asked).containsExactly(List.of("S3.2", "S3.3", "S3.8"));
    assertThat(result.getStatus()).isEqualTo(RemediationStatus.EXCEPTED);
    assertThat(result.getMessage()).contains("control=S3.8;resource=arn:aws:s3:::public-website");
  }

  @Test
  void aCommandForAResourceIdThatIsNoBucketIsRefusedBeforeAnythingIsAsked() {
    ExceptionLookup mustNotBeAsked = Commands.matching((resource, controls, at) -> {
      throw new AssertionError("the exception list was asked about a hostile resource");
    });

    RemediationResult result = withAws.execute(
        Commands.blockPublicAccess("123456789012", "../../etc/passwd", false), mustNotBeAsked);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).startsWith("refused: the resource's id is").contains("nothing was read or changed");
    assertThat(result.getApiCalls()).isEmpty();
  }

  @Test
  void whenTheExceptionListCannotBeReadNothingIsDone() {
    ExceptionLookup unreadable = Commands.matching((resource, controls, at) -> {
      throw new IllegalStateException("broker unreachable");
    });

    RemediationResult result = executor.execute(
        Commands.blockPublicAccess("123456789012", "arn:aws:s3:::open-bucket", false), unreadable);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).contains("exception list could not be read", "broker unreachable");
    assertThat(result.getApiCalls()).isEmpty();
  }

  @Test
  void whatACommandNamesIsLoggedEscapedSoItCannotForgeALogLine() {
    String forged = "\n12:00:00.000 INFO  ExecutorRole - command c2: FIXED s3-block-public-access on arn:aws:s3:::b";
    RemediationCommand command = Commands.command("s3-block-public-access" + forged,
        Commands.bucket("123456789012", "arn:aws:s3:::open-bucket" + forged), false);
    command.setCommandId("c1" + forged);
    ExceptionLookup unreadable = Commands.matching((resource, controls, at) -> {
      throw new IllegalStateException("broker unreachable");
    });
    Logger logger = (Logger) LoggerFactory.getLogger(RemediationExecutor.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      withAws.execute(command, Commands.NO_EXCEPTIONS);
      RemediationCommand valid = Commands.blockPublicAccess("123456789012", "arn:aws:s3:::open-bucket", false);
      valid.setCommandId("c1" + forged);
      executor.execute(valid, unreadable);
    } finally {
      logger.detachAppender(logged);
    }

    assertThat(logged.list).hasSizeGreaterThanOrEqualTo(3).allSatisfy(event -> assertThat(event.getFormattedMessage())
        .doesNotContain("\n").contains("\\u000a12:00:00.000"));
  }

  @Test
  void withoutAwsAccessACommandIsReportedAsAPlanOfTheActionsCalls() {
    RemediationResult result = executor.execute(
        Commands.blockPublicAccess("123456789012", "arn:aws:s3:::open-bucket", false), Commands.NO_EXCEPTIONS);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.DRY_RUN);
    assertThat(result.getMessage()).contains("no AWS access is configured").contains("arn:aws:s3:::open-bucket");
    assertThat(result.getApiCalls()).containsExactly(
        "s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock", "s3:GetBucketPublicAccessBlock");
    assertThat(result.getBefore()).isNull();
    assertThat(result.getPrincipal()).isNull();
  }

  @Test
  void aResultCarriesTheCommandItAnswers() {
    var command = Commands.blockPublicAccess("123456789012", "arn:aws:s3:::open-bucket", false);

    RemediationResult result = executor.execute(command, Commands.NO_EXCEPTIONS);

    assertThat(result.getCommandId()).isEqualTo(command.getCommandId());
    assertThat(result.getControl()).isEqualTo(command.getControl());
    assertThat(result.getAction()).isEqualTo(command.getAction());
    assertThat(result.getResource()).isEqualTo(command.getResource());
  }

  @Test
  void aCommandForAnUnregisteredActionFails() {
    RemediationResult result = executor.execute(
        Commands.command("rotate-everything", Commands.bucket("123456789012", "arn:aws:s3:::bucket-b"), false), Commands.NO_EXCEPTIONS);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).contains("no remediation action named 'rotate-everything'");
    assertThat(result.getApiCalls()).isEmpty();
  }

  /** A dry run asked for, one the configuration forces, and any run without AWS access, which can only plan. */
  @Test
  void aFailedDryRunSaysItIsOneWhateverStoppedIt() {
    AwsSettings forcing = new AwsSettings(true, "us-east-1", Optional.empty(), Map.of(), true);
    try (RemediationExecutor forced = new RemediationExecutor(forcing, RemediationCatalogue.discover())) {
      List<RemediationResult> dryRuns = List.of(withAws.execute(unregistered(true), Commands.NO_EXCEPTIONS),
          forced.execute(unregistered(false), Commands.NO_EXCEPTIONS),
          executor.execute(unregistered(false), Commands.NO_EXCEPTIONS));
      RemediationResult real = withAws.execute(unregistered(false), Commands.NO_EXCEPTIONS);

      assertThat(dryRuns).allSatisfy(result -> {
        assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
        assertThat(result.getMessage())
            .isEqualTo("dry run: no remediation action named 'rotate-everything' is registered");
      });
      assertThat(real.getStatus()).isEqualTo(RemediationStatus.FAILED);
      assertThat(real.getMessage()).isEqualTo("no remediation action named 'rotate-everything' is registered");
    }
  }

  private static RemediationCommand unregistered(boolean dryRun) {
    return Commands.command("rotate-everything", Commands.bucket("123456789012", "arn:aws:s3:::bucket-b"), dryRun);
  }

  @Test
  void aCommandWhoseResourceIsNotOfTheActionsTypeFails() {
    Resource group = Resource.newBuilder(Commands.bucket("123456789012", "sg-0123456789abcdef0"))
        .setType("AwsEc2SecurityGroup")
        .build();

    RemediationResult result = executor.execute(Commands.command("s3-block-public-access", group, false), Commands.NO_EXCEPTIONS);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).contains("AwsS3Bucket").contains("AwsEc2SecurityGroup");
  }

  @Test
  void aCommandPairingAnActionWithAControlItDoesNotRemediateIsRefusedSinceExceptionsAreCheckedByControl() {
    RemediationResult result = withAws.execute(Commands.command("s3-block-public-access", "EC2.13",
        Commands.bucket("123456789012", "arn:aws:s3:::bucket-d"), false), Commands.NO_EXCEPTIONS);

    assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
    assertThat(result.getMessage()).isEqualTo("refused: s3-block-public-access remediates S3.2, S3.3, S3.8, not "
        + "EC2.13, and exceptions are checked by control, so nothing was read or changed");
    assertThat(result.getApiCalls()).isEmpty();
  }

  @Test
  void theCatalogueOffersBlockPublicAccessForTheS3PublicAccessControls() {
    RemediationCatalogue catalogue = RemediationCatalogue.discover();

    for (String control : List.of("S3.2", "S3.3", "S3.8")) {
      assertThat(catalogue.forControl(control)).map(RemediationAction::name).contains("s3-block-public-access");
    }
    assertThat(catalogue.named("s3-block-public-access").orElseThrow().permissions())
        .containsExactly("s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock", "s3:GetBucketTagging");
  }
}
