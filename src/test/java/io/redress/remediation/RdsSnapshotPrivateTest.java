package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.contract.Resource;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RdsSnapshotPrivateTest {

  /** An automated snapshot's identifier is rds:<name>; <name> alone may be a manual snapshot someone else made. */
  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "arn:aws:rds:us-east-1:111122223333:snapshot:orders-snap, orders-snap",
      "arn:aws:rds:us-east-1:111122223333:snapshot:rds:orders-2024-01-01, rds:orders-2024-01-01"})
  void theSnapshotActedOnIsTheOneItsArnNamesWhole(String arn, String identifier) {
    Resource snapshot = Resource.newBuilder().setType("AwsRdsDbSnapshot").setId(arn).setAccount("111122223333")
        .setRegion("us-east-1").setTags(Map.of()).build();

    assertThat(new RdsSnapshotPrivate().target(snapshot)).contains(identifier);
  }
}
