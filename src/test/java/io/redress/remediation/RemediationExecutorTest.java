package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.redress.config.RedressConfig.AccountRole;
import io.redress.config.RedressConfig.AwsSettings;
import io.redress.contract.AppliedException;
import io.redress.contract.ExceptionRecord;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.contract.Resource;
import io.redress.contract.Scope;
import io.redress.exceptions.ExceptionLookup;
import io.redress.exceptions.ExceptionMatch;
import io.redress.testing.FakeAws;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

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
    // A test of the executor's stop leaves the thread interrupted, as the stop would.
    Thread.interrupted();
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
    assertThat(result.getMessage()).contains("no AWS access is configured").endsWith("planned on"
        + " arn:aws:s3:::open-bucket: Turns on BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and"
        + " RestrictPublicBuckets on the bucket.");
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
  /**
   * Against AWS (a fake answering as STS and S3 do), the executor acts in the executor's own account, or as the role
   * configured for the command's account, in the resource's region, on the bucket of the account the finding named.
   */
  @Test
  void aRealRunInTheExecutorsOwnAccountTurnsOnBlockPublicAccessAsItselfOnTheNamedAccountsBucket() throws Exception {
    try (FakeAws aws = new FakeAws(); RemediationExecutor executor = executor(aws, Map.of(), false)) {
      RemediationResult result = executor.execute(
          Commands.blockPublicAccess(FakeAws.OWN_ACCOUNT, "arn:aws:s3:::open-bucket", false), Commands.NO_EXCEPTIONS);

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
      assertThat(result.getApiCalls()).containsExactly(
          "s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock", "s3:GetBucketPublicAccessBlock");
      assertThat(result.getPrincipal()).isNull();
      assertThat(aws.s3Requests()).extracting(FakeAws.Request::line).containsExactly(
          "GET /open-bucket?publicAccessBlock", "PUT /open-bucket?publicAccessBlock",
          "GET /open-bucket?publicAccessBlock");
      // Bucket names are global: without the owner S3 would serve another account's bucket of the same name.
      assertThat(aws.s3Requests()).allSatisfy(request ->
          assertThat(request.header(AwsClients.EXPECTED_BUCKET_OWNER)).isEqualTo(FakeAws.OWN_ACCOUNT));
      assertThat(aws.stsRequests()).isNotEmpty().allSatisfy(request ->
          assertThat(request.header(AwsClients.EXPECTED_BUCKET_OWNER)).isNull());
    }
  }

  @Test
  void aDryRunCommandReadsTheBucketAndChangesNothing() throws Exception {
    try (FakeAws aws = new FakeAws(); RemediationExecutor executor = executor(aws, Map.of(), false)) {
      RemediationResult result = executor.execute(
          Commands.blockPublicAccess(FakeAws.OWN_ACCOUNT, "arn:aws:s3:::open-bucket", true), Commands.NO_EXCEPTIONS);

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.DRY_RUN);
      assertThat(aws.s3Requests()).extracting(FakeAws.Request::line)
          .containsExactly("GET /open-bucket?publicAccessBlock");
    }
  }

  @Test
  void aDryRunTheConfigurationForcesChangesNothingThoughTheCommandAsksForARealRun() throws Exception {
    try (FakeAws aws = new FakeAws(); RemediationExecutor executor = executor(aws, Map.of(), true)) {
      RemediationResult result = executor.execute(
          Commands.blockPublicAccess(FakeAws.OWN_ACCOUNT, "arn:aws:s3:::open-bucket", false), Commands.NO_EXCEPTIONS);

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.DRY_RUN);
      assertThat(aws.s3Requests()).extracting(FakeAws.Request::line)
          .containsExactly("GET /open-bucket?publicAccessBlock");
    }
  }

  /** A finding raised in one region names a resource there; the executor's configured region is only its default. */
  @Test
  void aResourceIsActedOnInItsOwnRegionNotTheExecutors() throws Exception {
    try (FakeAws aws = new FakeAws(); RemediationExecutor executor = executor(aws, Map.of(), false)) {
      Resource inIreland = Resource.newBuilder(Commands.bucket(FakeAws.OWN_ACCOUNT, "arn:aws:s3:::irish-bucket"))
          .setRegion("eu-west-1").build();

      executor.execute(Commands.command("s3-block-public-access", inIreland, true), Commands.NO_EXCEPTIONS);

      assertThat(aws.s3Requests()).extracting(request -> request.line() + " " + request.signedFor())
          .containsExactly("GET /irish-bucket?publicAccessBlock eu-west-1");
    }
  }

  /** Acting as itself in another account would read and change a same-named resource of its own account instead. */
  @Test
  void aCommandForAnAccountWithNoRoleThatIsNotTheExecutorsOwnIsRefusedBeforeAnyCallOnTheResource() throws Exception {
    try (FakeAws aws = new FakeAws(); RemediationExecutor executor = executor(aws, Map.of(), false)) {
      RemediationResult result = executor.execute(
          Commands.blockPublicAccess("999988887777", "arn:aws:s3:::open-bucket", false), Commands.NO_EXCEPTIONS);

      assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
      assertThat(result.getMessage()).isEqualTo("refused: no role is configured for account 999988887777 in"
          + " aws.accounts, and the executor's own identity is in account " + FakeAws.OWN_ACCOUNT + ", so nothing was"
          + " read or changed");
      assertThat(aws.s3Requests()).isEmpty();
    }
  }

  @Test
  void aCommandForAConfiguredAccountActsAsItsRoleAssumedWithItsExternalId() throws Exception {
    String role = "arn:aws:iam::" + FakeAws.ROLE_ACCOUNT + ":role/redress-remediator";
    try (FakeAws aws = new FakeAws(); RemediationExecutor executor = executor(aws, 
        Map.of(FakeAws.ROLE_ACCOUNT, new AccountRole(role, Optional.of("ext-4471"))), false)) {
      RemediationCommand command = Commands.blockPublicAccess(FakeAws.ROLE_ACCOUNT, "arn:aws:s3:::their-bucket", false);

      RemediationResult result = executor.execute(command, Commands.NO_EXCEPTIONS);

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.APPLIED);
      assertThat(result.getPrincipal()).isEqualTo(role);
      assertThat(aws.stsRequests()).extracting(FakeAws.Request::body).singleElement().asString()
          .contains("Action=AssumeRole", "RoleArn=" + URLEncoder.encode(role, StandardCharsets.UTF_8),
              "ExternalId=ext-4471", "RoleSessionName=" + AwsClients.sessionName(command.getCommandId()));
      assertThat(aws.s3Requests()).hasSize(3).allSatisfy(request -> {
        assertThat(request.header("Authorization")).contains("Credential=" + FakeAws.ROLE_KEY + "/");
        assertThat(request.header(AwsClients.EXPECTED_BUCKET_OWNER)).isEqualTo(FakeAws.ROLE_ACCOUNT);
      });
    }
  }

  /** A finding from AWS Config carries no tags; the bucket's own, read now, are what an exception is matched on. */
  @Test
  void aBucketTaggedInAwsWithATagAnExceptionIsScopedToIsLeftAloneThoughTheFindingCarriedNoTags() throws Exception {
    ExceptionLookup exemptByTag = Commands.listing(List.of(ExceptionRecord.newBuilder()
        .setScope(new Scope(null, null, null, null, "redress:exempt=true")).setReason("left to its owners")
        .setApprover("ciso@example.com").setCreatedBy("alice").setCreatedAt(Instant.now().minusSeconds(60))
        .setExpiresAt(Instant.now().plus(Duration.ofDays(365))).build()));
    try (FakeAws aws = new FakeAws(); RemediationExecutor executor = executor(aws, Map.of(), false)) {
      aws.tags(Map.of("redress:exempt", "true"));

      RemediationResult result = executor.execute(
          Commands.blockPublicAccess(FakeAws.OWN_ACCOUNT, "arn:aws:s3:::open-bucket", false), exemptByTag);

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.EXCEPTED);
      assertThat(result.getMessage()).contains("by the tags it carries in AWS now");
      assertThat(result.getApiCalls()).containsExactly("s3:GetBucketTagging");
      assertThat(aws.s3Requests()).extracting(FakeAws.Request::line).containsExactly("GET /open-bucket?tagging");
    }
  }

  /** Config names a DB instance by its DbiResourceId; an exception written on its ARN must keep it unchanged too. */
  @Test
  void anInstanceAnExceptionCoversByTheArnItsFindingsIdResolvesToIsNotChanged() throws Exception {
    String arn = "arn:aws:rds:us-east-1:" + FakeAws.OWN_ACCOUNT + ":db:orders";
    ExceptionLookup onTheArn = Commands.listing(List.of(ExceptionRecord.newBuilder()
        .setScope(new Scope(null, null, null, arn, null)).setReason("public by design until the migration")
        .setApprover("ciso@example.com").setCreatedBy("alice").setCreatedAt(Instant.now().minusSeconds(60))
        .setExpiresAt(Instant.now().plus(Duration.ofDays(365))).build()));
    Resource byDbiResourceId = Resource.newBuilder(Commands.bucket(FakeAws.OWN_ACCOUNT, FakeAws.DBI_RESOURCE_ID))
        .setType("AwsRdsDbInstance").build();
    try (FakeAws aws = new FakeAws(); RemediationExecutor executor = executor(aws, Map.of(), false)) {
      RemediationResult result = executor.execute(
          Commands.command("rds-instance-not-public", byDbiResourceId, false), onTheArn);

      assertThat(result.getStatus()).as(result.getMessage()).isEqualTo(RemediationStatus.EXCEPTED);
      assertThat(result.getMessage()).contains("It covers " + arn + ", which the finding named "
          + FakeAws.DBI_RESOURCE_ID);
      assertThat(result.getApiCalls()).containsExactly("rds:DescribeDBInstances");
      assertThat(aws.queryActions()).containsExactly("GetCallerIdentity", "DescribeDBInstances");
    }
  }

  /** Stopped before it changed anything, the command is not answered FAILED: its next run can do it whole. */
  @Test
  void anExecutorStoppedWhileReadingTheBucketLeavesTheCommandToRunAgain() throws Exception {
    try (FakeAws aws = new FakeAws(); RemediationExecutor executor = executor(aws, Map.of(), false)) {
      aws.stopOn("GET /open-bucket?publicAccessBlock", Thread.currentThread());

      assertThatThrownBy(() -> executor.execute(
          Commands.blockPublicAccess(FakeAws.OWN_ACCOUNT, "arn:aws:s3:::open-bucket", false), Commands.NO_EXCEPTIONS))
          .isInstanceOfSatisfying(RemediationExecutor.StoppedBeforeChanging.class, stopped -> {
            assertThat(stopped.answer().getStatus()).isEqualTo(RemediationStatus.FAILED);
            assertThat(stopped.answer().getApiCalls()).containsExactly("s3:GetBucketPublicAccessBlock");
          });
    }
  }

  /** Once a change was begun, running again would hide what this run did: it is answered as it ended. */
  @Test
  void anExecutorStoppedWhileChangingTheBucketAnswersWhatItBegan() throws Exception {
    try (FakeAws aws = new FakeAws(); RemediationExecutor executor = executor(aws, Map.of(), false)) {
      aws.stopOn("PUT /open-bucket?publicAccessBlock", Thread.currentThread());

      RemediationResult result = executor.execute(
          Commands.blockPublicAccess(FakeAws.OWN_ACCOUNT, "arn:aws:s3:::open-bucket", false), Commands.NO_EXCEPTIONS);

      assertThat(result.getStatus()).isEqualTo(RemediationStatus.FAILED);
      assertThat(result.getApiCalls())
          .containsExactly("s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock");
      assertThat(Thread.currentThread().isInterrupted()).as("the stop is still seen by the caller").isTrue();
    }
  }

  private static RemediationExecutor executor(FakeAws aws, Map<String, AccountRole> roles, boolean forceDryRun) {
    AwsSettings settings = new AwsSettings(true, "us-east-1", Optional.of(aws.endpoint()), roles, forceDryRun);
    return new RemediationExecutor(settings, RemediationCatalogue.discover(),
        new AwsClients(settings, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAEXECUTOR", "s"))),
        Clock.systemUTC());
  }
}
