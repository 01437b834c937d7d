package io.redress.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.Decision;
import io.redress.contract.Finding;
import io.redress.contract.Outcome;
import io.redress.contract.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random exception scopes against random findings, through the production topology: a finding is excepted if and
 * only if an unexpired exception's every set field matches it, and a command is issued if and only if it is not
 * excepted. Values come from small pools so that matches and near misses are both frequent.
 */
class ExceptionScopePropertyTest {

  private static final int TRIALS = 400;
  private static final List<String> ACCOUNTS = List.of("111122223333", "444455556666");
  private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1");
  private static final List<String> CONTROLS = List.of("S3.8", "S3.2", "S3.5");
  /**
   * From the README's rule: an exception on a control covers every control its action remediates (S3.2, S3.3 and
   * S3.8 are all fixed by blocking public access; S3.5 by a policy statement of its own).
   */
  private static final Map<String, Set<String>> SAME_ACTION = Map.of(
      "S3.8", Set.of("S3.2", "S3.3", "S3.8"), "S3.2", Set.of("S3.2", "S3.3", "S3.8"), "S3.5", Set.of("S3.5"));
  /**
   * Scopes as people write them: a control id in either case (which matches), and below, resources and tags that
   * differ from a finding's only by case (which do not).
   */
  private static final List<String> SCOPE_CONTROLS = List.of("S3.8", "s3.8", "S3.2", "s3.2", "S3.5");
  private static final List<String> BUCKETS = List.of("arn:aws:s3:::alpha", "arn:aws:s3:::beta");
  private static final List<String> SCOPE_BUCKETS = List.of("arn:aws:s3:::alpha", "arn:aws:s3:::beta",
      "arn:aws:s3:::Alpha");
  private static final List<Map.Entry<String, String>> TAGS = List.of(Map.entry("env", "sandbox"),
      Map.entry("team", "payments"), Map.entry("env", "prod"));
  private static final List<Map.Entry<String, String>> SCOPE_TAGS = List.of(Map.entry("env", "sandbox"),
      Map.entry("team", "payments"), Map.entry("env", "prod"), Map.entry("Env", "prod"));
  private static final List<Set<String>> SHAPES = List.of(
      Set.of("control", "resource"), Set.of("resource"), Set.of("control", "tag"), Set.of("tag"),
      Set.of("account", "region", "control"), Set.of("account", "control"), Set.of("account", "region"),
      Set.of("account"), Set.of("region", "control"), Set.of("region"), Set.of("control"));

  @Test
  void aFindingIsExceptedIfAndOnlyIfAnUnexpiredExceptionMatchesItAndThenNoCommandIsIssued() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    try (TopologyFixture fixture = new TopologyFixture("""
        controls: {S3.8: {mode: auto}, S3.2: {mode: auto}, S3.5: {mode: auto}}
        cooldown: PT1M
        breaker: {thresholds: {global: 100000, account: 100000, control: 100000}}
        """)) {
      for (int trial = 0; trial < TRIALS; trial++) {
        fixture.advance(Duration.ofMinutes(2));
        Scope scope = randomScope(random);
        boolean unexpired = random.nextInt(4) > 0;
        fixture.except(scope, fixture.now().plus(unexpired ? Duration.ofHours(1) : Duration.ofMinutes(-1)));
        Finding finding = randomFinding(random);
        fixture.send(finding);
        fixture.revoke(scope);

        boolean expected = unexpired && matches(scope, finding);
        Decision decision = fixture.decisions.readValue();
        List<String> commandIds = new ArrayList<>();
        fixture.commands.readValuesToList().forEach(command -> commandIds.add(command.getCommandId()));
        String what = "seed " + seed + ", trial " + trial + ": " + scope + " (unexpired: " + unexpired + ") against "
            + finding.getResource() + " " + finding.getControl();
        assertThat(decision.getOutcome() == Outcome.EXCEPTED).as(what).isEqualTo(expected);
        assertThat(commandIds).as(what).hasSize(expected ? 0 : 1);
        assertThat(fixture.decisions.isEmpty()).as(what).isTrue();
      }
    }
  }

  /**
   * The oracle, written from the README's rule rather than from the lookup: every set field must match, the control
   * id without case (or any control of the same action), everything else exactly.
   */
  private static boolean matches(Scope scope, Finding finding) {
    var resource = finding.getResource();
    return (scope.getAccount() == null || scope.getAccount().equals(resource.getAccount()))
        && (scope.getRegion() == null || scope.getRegion().equals(resource.getRegion()))
        && (scope.getControl() == null || SAME_ACTION.get(finding.getControl()).stream()
            .anyMatch(control -> control.equalsIgnoreCase(scope.getControl())))
        && (scope.getResource() == null || scope.getResource().equals(resource.getId()))
        && (scope.getTag() == null || resource.getTags().entrySet().stream()
            .anyMatch(tag -> (tag.getKey() + "=" + tag.getValue()).equals(scope.getTag())));
  }

  private static Scope randomScope(Random random) {
    Set<String> shape = SHAPES.get(random.nextInt(SHAPES.size()));
    Map.Entry<String, String> tag = pick(random, SCOPE_TAGS);
    return Scope.newBuilder()
        .setAccount(shape.contains("account") ? pick(random, ACCOUNTS) : null)
        .setRegion(shape.contains("region") ? pick(random, REGIONS) : null)
        .setControl(shape.contains("control") ? pick(random, SCOPE_CONTROLS) : null)
        .setResource(shape.contains("resource") ? pick(random, SCOPE_BUCKETS) : null)
        .setTag(shape.contains("tag") ? tag.getKey() + "=" + tag.getValue() : null)
        .build();
  }

  private static Finding randomFinding(Random random) {
    Finding finding = TopologyFixture.finding(pick(random, BUCKETS), "AwsS3Bucket", pick(random, ACCOUNTS),
        pick(random, CONTROLS));
    Map<String, String> tags = new HashMap<>();
    for (Map.Entry<String, String> tag : TAGS) {
      if (random.nextBoolean()) {
        tags.put(tag.getKey(), tag.getValue());
      }
    }
    finding.getResource().setRegion(pick(random, REGIONS));
    finding.getResource().setTags(tags);
    return finding;
  }

  private static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
