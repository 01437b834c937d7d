package io.redress.ingest;

import static io.redress.ingest.Fixtures.normalizeOne;
import static io.redress.ingest.Fixtures.singleFinding;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The actor only addresses a lesson: one that is not a principal ARN is dropped, and the finding still counts. */
class ActorTest {

  @ParameterizedTest
  @ValueSource(strings = {"arn:aws:iam::111122223333:user/jdoe", "arn:aws:iam::111122223333:role/ci/deployer",
      "arn:aws:sts::111122223333:assumed-role/deployer/jdoe@acme.example", "arn:aws-us-gov:iam::111122223333:root"})
  void an_iam_or_sts_principal_arn_is_the_actor(String principal) {
    ObjectNode asff = singleFinding();
    asff.putObject("UserDefinedFields").put("redress:actor", principal);

    assertThat(normalizeOne(asff).getActor()).isEqualTo(principal);
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdoe@acme.example", "arn:aws:s3:::acme-payments-exports", "arn:aws:iam",
      "arn:aws:iam::111122223333:user/j doe", "arn:aws:iam::111122223333:user/jdoe\u001b[2J", "",
      "arn:aws:iam::111122223333:user/"})
  void an_actor_that_is_not_a_principal_arn_is_dropped_and_the_finding_accepted(String actor) {
    ObjectNode asff = singleFinding();
    asff.putObject("UserDefinedFields").put("redress:actor", actor);

    assertThat(normalizeOne(asff).getActor()).isNull();
  }

  @Test
  void an_actor_longer_than_2048_characters_is_dropped() {
    String prefix = "arn:aws:iam::111122223333:user/";
    ObjectNode longest = singleFinding();
    longest.putObject("UserDefinedFields").put("redress:actor", prefix + "u".repeat(2048 - prefix.length()));
    ObjectNode tooLong = singleFinding();
    tooLong.putObject("UserDefinedFields").put("redress:actor", prefix + "u".repeat(2049 - prefix.length()));

    assertThat(normalizeOne(longest).getActor()).hasSize(2048);
    assertThat(normalizeOne(tooLong).getActor()).isNull();
  }

  @Test
  void an_actor_that_is_not_a_string_is_dropped() {
    ObjectNode asff = singleFinding();
    asff.putObject("UserDefinedFields").put("redress:actor", 111122223333L);

    assertThat(normalizeOne(asff).getActor()).isNull();
  }
}
