package io.redress.topology;

import static io.redress.topology.TopologyFixture.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.DeadLetter;
import io.redress.contract.Decision;
import io.redress.contract.Outcome;
import io.redress.contract.Scope;
import io.redress.testing.SecurityHubEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every source through the production topology: each format reaches a decision, a resolved finding ends the
 * cool-down without loosening anything else, threats alert a person, and custom actions are explicit requests.
 */
class SourcesTopologyTest {

  private static final String BUCKET = "acme-payments-exports";
  private static final String BUCKET_ARN = "arn:aws:s3:::" + BUCKET;
  /** AWS Config reports the bucket compliant again (the fixture names the same bucket in the same account). */
  private static final String CONFIG_COMPLIANT = "config-compliance-change-compliant.json";

  private final TopologyFixture redress = new TopologyFixture("""
      controls: {S3.8: {mode: auto}}
      cooldown: PT1H
      breaker: {window: PT1H, thresholds: {global: 1000, account: 1000, control: 2}}
      """);

  @AfterEach
  void close() {
    redress.close();
  }

  private static String fixture(String name) {
    try (InputStream in = SourcesTopologyTest.class.getResourceAsStream("/sources/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void failing() {
    redress.sendRaw(SecurityHubEvents.publicBucket(ACCOUNT, BUCKET, redress.now()));
    redress.advance(Duration.ofMinutes(10));
  }

  private void resolved() {
    redress.sendRaw(fixture(CONFIG_COMPLIANT));
    redress.advance(Duration.ofMinutes(10));
  }

  private List<Outcome> outcomes() {
    return redress.allDecisions().stream().map(Decision::getOutcome).toList();
  }

  @Test
  void a_resource_fixed_and_broken_again_within_the_hour_is_acted_on_not_a_duplicate() {
    failing();
    resolved();
    failing();

    List<Decision> decisions = redress.allDecisions();
    assertThat(decisions).extracting(Decision::getOutcome)
        .containsExactly(Outcome.REMEDIATE, Outcome.NOT_ACTIONABLE, Outcome.REMEDIATE);
    assertThat(decisions.get(1).getReason()).contains("the source reports S3.8 passing, which ends the cool-down");
  }

  @Test
  void without_a_resolution_the_second_failure_within_the_hour_is_a_duplicate() {
    failing();
    failing();

    assertThat(outcomes()).containsExactly(Outcome.REMEDIATE, Outcome.DUPLICATE);
  }

  /** A sender reusing one finding id for two resources must not make their decisions, and lessons, one id. */
  @Test
  void one_finding_id_on_two_resources_at_once_gives_two_decision_ids() {
    String first = SecurityHubEvents.publicBucket(ACCOUNT, "acme-first", redress.now());
    String second = SecurityHubEvents.publicBucket(ACCOUNT, "acme-second", redress.now())
        .replace("security-control/S3.8/finding/acme-second", "security-control/S3.8/finding/acme-first");
    redress.sendRaw(first);
    redress.sendRaw(second);

    List<Decision> decisions = redress.allDecisions();
    assertThat(decisions).extracting(decision -> decision.getFinding().getFindingId()).containsOnly(
        "arn:aws:securityhub:us-east-1:" + ACCOUNT + ":security-control/S3.8/finding/acme-first");
    assertThat(decisions).extracting(Decision::getDecisionId).doesNotHaveDuplicates().hasSize(2);
  }

  /**
   * A command a person discarded must stay discarded: the same payload delivered again after the cool-down (a
   * sender's retry, an import run twice) is new work with ids of its own, not the discarded command again.
   */
  @Test
  void the_same_payload_delivered_again_after_the_cooldown_gets_ids_of_its_own() {
    String payload = SecurityHubEvents.publicBucket(ACCOUNT, BUCKET, redress.now());
    redress.sendRaw(payload);
    redress.advance(Duration.ofHours(2));
    redress.sendRaw(payload);

    List<Decision> decisions = redress.allDecisions();
    assertThat(decisions).extracting(Decision::getOutcome).containsExactly(Outcome.REMEDIATE, Outcome.REMEDIATE);
    assertThat(decisions.get(1).getFinding().getFindingId()).isEqualTo(decisions.get(0).getFinding().getFindingId());
    assertThat(decisions.get(1).getDecisionId()).isNotEqualTo(decisions.get(0).getDecisionId());
    assertThat(decisions.get(1).getCommandId()).isNotEqualTo(decisions.get(0).getCommandId());
  }

  @Test
  void a_resolution_does_not_lift_an_exception() {
    redress.except(new Scope(null, null, null, BUCKET_ARN, null), redress.now().plus(Duration.ofDays(30)));
    failing();
    resolved();
    failing();

    assertThat(outcomes()).containsExactly(Outcome.EXCEPTED, Outcome.NOT_ACTIONABLE, Outcome.EXCEPTED);
  }

  @Test
  void an_exception_on_the_buckets_arn_covers_a_security_hub_finding_that_names_the_bucket_bare() {
    redress.except(new Scope(null, null, "S3.8", BUCKET_ARN, null), redress.now().plus(Duration.ofDays(30)));
    String named = SecurityHubEvents.publicBucket(ACCOUNT, BUCKET, redress.now());
    String bare = named.replace("\"Id\": \"" + BUCKET_ARN + "\"", "\"Id\": \"" + BUCKET + "\"");
    assertThat(bare).isNotEqualTo(named);

    redress.sendRaw(bare);

    assertThat(redress.allDecisions()).singleElement().satisfies(decision -> {
      assertThat(decision.getOutcome()).isEqualTo(Outcome.EXCEPTED);
      assertThat(decision.getFinding().getResource().getId()).isEqualTo(BUCKET_ARN);
    });
  }

  /** A Security Hub finding of {@code control} on a resource of {@code type} named {@code id}. */
  private String finding(String control, String type, String id) {
    String named = SecurityHubEvents.publicBucket(ACCOUNT, BUCKET, redress.now());
    String changed = named.replace("S3.8", control)
        .replace("\"Type\": \"AwsS3Bucket\", \"Id\": \"" + BUCKET_ARN + "\"", "\"Type\": \"" + type + "\", \"Id\": \"" + id + "\"");
    assertThat(changed).contains("\"Id\": \"" + id + "\"");
    return changed;
  }

  @ParameterizedTest(name = "{0} excepted as {2} covers a finding naming it {1}")
  @CsvSource({
      "AwsAccount, 111122223333, AWS::::Account:111122223333, IAM.7",
      "AwsRdsDbInstance, prod-db, arn:aws:rds:us-east-1:111122223333:db:prod-db, RDS.2",
      "AwsRdsDbInstance, Prod-DB, arn:aws:rds:us-east-1:111122223333:db:prod-db, RDS.2"})
  void an_exception_on_the_form_security_hub_uses_covers_a_finding_that_names_the_resource_bare(
      String type, String bare, String canonical, String control) {
    redress.except(new Scope(null, null, control, canonical, null), redress.now().plus(Duration.ofDays(30)));

    redress.sendRaw(finding(control, type, bare));

    assertThat(redress.allDecisions()).singleElement().satisfies(decision -> {
      assertThat(decision.getOutcome()).isEqualTo(Outcome.EXCEPTED);
      assertThat(decision.getFinding().getResource().getId()).isEqualTo(canonical);
    });
  }

  @ParameterizedTest(name = "a finding naming the excepted instance {0} is never remediated")
  @CsvSource({
      "arn:aws:ec2:us-east-1::instance/i-0123456789abcdef0, an AwsEc2Instance ARN without its account",
      "arn:aws:ec2::111122223333:instance/i-0123456789abcdef0, an AwsEc2Instance ARN without its region"})
  void an_arn_leaving_out_what_aws_writes_in_it_is_dead_lettered_rather_than_slipping_past_an_exception(
      String spelling, String rule) {
    String canonical = "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0";
    try (TopologyFixture instances = new TopologyFixture("controls: {EC2.8: {mode: auto}}")) {
      instances.except(new Scope(null, null, "EC2.8", canonical, null), instances.now().plus(Duration.ofDays(30)));

      instances.sendRaw(finding("EC2.8", "AwsEc2Instance", spelling));

      assertThat(instances.allDecisions()).isEmpty();
      assertThat(instances.commands.isEmpty()).isTrue();
      assertThat(instances.deadLetters.readValuesToList()).singleElement()
          .satisfies(letter -> assertThat(letter.getReason()).contains(rule));
    }
  }

  @Test
  void commands_after_resolutions_are_still_counted_by_the_breaker() {
    failing();
    resolved();
    failing();
    resolved();
    failing();

    assertThat(outcomes()).containsExactly(Outcome.REMEDIATE, Outcome.NOT_ACTIONABLE, Outcome.REMEDIATE,
        Outcome.NOT_ACTIONABLE, Outcome.HELD);
  }

  @Test
  void a_guardduty_threat_forwarded_by_security_hub_alerts_a_person() {
    redress.sendRaw(fixture("guardduty-asff-through-security-hub.json"));

    Decision decision = redress.decisions.readValue();
    assertThat(decision.getOutcome()).isEqualTo(Outcome.NOTIFY_ONLY);
    assertThat(decision.getReason()).contains("no safe automatic response");
    assertThat(redress.notifications.readValuesToList()).hasSize(1);
  }

  @Test
  void a_guardduty_threat_with_a_safe_response_is_remediated_like_its_control() {
    redress.sendRaw(fixture("guardduty-finding-s3-block-public-access-disabled.json"));

    Decision decision = redress.decisions.readValue();
    assertThat(decision.getOutcome()).isEqualTo(Outcome.REMEDIATE);
    assertThat(decision.getFinding().getResource().getId()).isEqualTo(BUCKET_ARN);
  }

  @Test
  void a_custom_action_is_acted_on_within_the_cooldown_and_starts_a_new_one() {
    failing();
    redress.sendRaw(fixture("securityhub-custom-action.json"));
    redress.advance(Duration.ofMinutes(10));
    failing();

    assertThat(redress.allDecisions()).extracting(d -> d.getFinding().getControl() + " " + d.getOutcome())
        .containsExactlyInAnyOrder("S3.8 REMEDIATE", "S3.8 REMEDIATE", "EC2.13 DRY_RUN", "S3.8 DUPLICATE");
  }

  @Test
  void a_custom_action_event_delivered_again_is_a_duplicate_while_another_event_is_acted_on() {
    String customAction = fixture("securityhub-custom-action.json");
    redress.sendRaw(customAction);
    redress.advance(Duration.ofMinutes(1));
    redress.sendRaw(customAction);
    redress.advance(Duration.ofMinutes(1));
    redress.sendRaw(customAction.replace("1a1111a1-b22b-3c33-444d-5555e5ee5555", "2b2222b2-c33c-4d44-555e-6666f6ff6666"));

    List<Decision> decisions = redress.allDecisions();
    assertThat(decisions).extracting(d -> d.getFinding().getControl() + " " + d.getOutcome())
        .containsExactlyInAnyOrder("S3.8 REMEDIATE", "EC2.13 DRY_RUN", "S3.8 DUPLICATE", "EC2.13 DUPLICATE",
            "S3.8 REMEDIATE", "EC2.13 DRY_RUN");
    assertThat(decisions).filteredOn(d -> d.getOutcome() == Outcome.DUPLICATE).extracting(Decision::getReason)
        .allSatisfy(reason -> assertThat(reason).contains("in event 1a1111a1-b22b-3c33-444d-5555e5ee5555 was already"
            + " decided at").endsWith("EventBridge delivers an event at least once, and this is the same event again"));
  }

  @Test
  void a_custom_action_event_delivered_again_once_its_cooldown_ended_is_acted_on() {
    String customAction = fixture("securityhub-custom-action.json");
    redress.sendRaw(customAction);
    redress.advance(Duration.ofHours(1));
    redress.sendRaw(customAction);

    assertThat(redress.allDecisions()).extracting(d -> d.getFinding().getControl() + " " + d.getOutcome())
        .containsExactlyInAnyOrder("S3.8 REMEDIATE", "EC2.13 DRY_RUN", "S3.8 REMEDIATE", "EC2.13 DRY_RUN");
  }

  @Test
  void a_custom_action_does_not_pass_an_exception() {
    redress.except(new Scope(null, null, null, BUCKET_ARN, null), redress.now().plus(Duration.ofDays(30)));
    redress.sendRaw(fixture("securityhub-custom-action.json"));

    assertThat(redress.allDecisions()).extracting(d -> d.getFinding().getControl() + " " + d.getOutcome())
        .containsExactlyInAnyOrder("S3.8 EXCEPTED", "EC2.13 DRY_RUN");
  }

  @Test
  void every_source_format_reaches_a_decision_for_each_finding_it_carries() {
    Map<String, Integer> findings = Map.of("securityhub-custom-action.json", 2,
        "securityhub-v2-findings-imported.json", 1, "config-compliance-change-noncompliant.json", 1,
        "guardduty-finding-access-key.json", 1, "guardduty-asff-through-security-hub.json", 1,
        "prowler-ocsf.json", 4, "webhook-redress.json", 2, "webhook-wiz-issue.json", 1);
    for (Map.Entry<String, Integer> source : findings.entrySet()) {
      redress.advance(Duration.ofHours(2));
      redress.sendRaw(fixture(source.getKey()));
      assertThat(redress.allDecisions()).as(source.getKey()).hasSize(source.getValue());
    }
    assertThat(redress.deadLetters.readValuesToList()).isEmpty();
  }

  @Test
  void a_decision_records_the_source_that_delivered_its_finding() {
    redress.sendRawFrom("cspm", SecurityHubEvents.publicBucket(ACCOUNT, BUCKET, redress.now()));
    redress.sendRaw(fixture("prowler-ocsf.json"));

    assertThat(redress.allDecisions()).extracting(d -> d.getFinding().getSender())
        .containsExactly("cspm", null, null, null, null);
  }

  @Test
  void a_finding_in_an_account_its_source_may_not_name_is_dead_lettered_and_never_decided() {
    try (TopologyFixture limited = new TopologyFixture("""
        controls: {S3.8: {mode: auto}}
        ingest: {sources: {cspm: {accounts: ["%s"]}}}
        """.formatted(ACCOUNT))) {
      limited.sendRawFrom("cspm", SecurityHubEvents.publicBucket("444455556666", BUCKET, limited.now()));
      limited.sendRawFrom("other", SecurityHubEvents.publicBucket("444455556666", BUCKET, limited.now()));
      limited.sendRawFrom("cspm", SecurityHubEvents.publicBucket(ACCOUNT, BUCKET, limited.now()));

      List<DeadLetter> deadLetters = limited.deadLetters.readValuesToList();
      assertThat(deadLetters).hasSize(1);
      assertThat(deadLetters.get(0).getStage()).isEqualTo("normalize");
      assertThat(deadLetters.get(0).getReason()).isEqualTo("source 'cspm' may deliver findings only for account(s) "
          + ACCOUNT + " (ingest.sources.cspm.accounts), and its finding names account 444455556666");
      assertThat(limited.allDecisions()).extracting(d -> d.getFinding().getSender() + " "
          + d.getFinding().getResource().getAccount()).containsExactly("other 444455556666", "cspm " + ACCOUNT);
    }
  }
}
