package io.redress.remediation;

import io.redress.contract.Resource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Makes a public RDS DB snapshot private (Security Hub RDS.1): "all" is removed from its restore attribute; the
 * accounts it is shared with by name, and the snapshot, are kept.
 */
public final class RdsSnapshotPrivate extends CheckedChange<RdsSnapshotPrivate.State> {

  private static final String SNAPSHOT = ":snapshot:";
  static final String DESCRIBE = "rds:DescribeDBSnapshotAttributes";
  static final String MODIFY = "rds:ModifyDBSnapshotAttribute";
  private static final String RESTORE = "restore";
  private static final String PUBLIC = "all";

  /** @param restorableBy who may restore the snapshot: account ids, or "all" */
  record State(List<String> restorableBy) {
  }

  @Override
  public String name() {
    return "rds-snapshot-private";
  }

  @Override
  public Set<String> controls() {
    return Set.of("RDS.1");
  }

  @Override
  public String resourceType() {
    return "AwsRdsDbSnapshot";
  }

  @Override
  public List<String> permissions() {
    return List.of(DESCRIBE, MODIFY, LiveTags.RDS_TAGS);
  }

  @Override
  public Optional<LiveTags> liveTags() {
    return Optional.of(LiveTags.RDS_DB_SNAPSHOT);
  }

  @Override
  public String summary() {
    return "Removes public restore access from the DB snapshot; sharing with named accounts is kept.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(DESCRIBE, MODIFY, DESCRIBE);
  }

  /**
   * The snapshot identifier after {@code :snapshot:} in its ARN, whole: an automated snapshot's is {@code rds:<name>},
   * and {@code <name>} alone may be another, manual snapshot.
   */
  @Override
  protected Optional<String> target(Resource resource) {
    String id = resource.getId();
    int snapshot = id.indexOf(SNAPSHOT);
    return Optional.of(snapshot < 0 ? id : id.substring(snapshot + SNAPSHOT.length()));
  }

  @Override
  protected State read(Calls calls) {
    return new State(calls.call(DESCRIBE).client(RdsClient::builder)
        .describeDBSnapshotAttributes(r -> r.dbSnapshotIdentifier(calls.target()))
        .dbSnapshotAttributesResult().dbSnapshotAttributes().stream()
        .filter(attribute -> RESTORE.equals(attribute.attributeName()))
        .flatMap(attribute -> attribute.attributeValues().stream()).toList());
  }

  @Override
  protected boolean compliant(State state) {
    return !state.restorableBy().contains(PUBLIC);
  }

  @Override
  protected String plan(State before) {
    return "remove public restore access";
  }

  @Override
  protected void change(Calls calls, State before) {
    calls.call(MODIFY).client(RdsClient::builder).modifyDBSnapshotAttribute(r -> r
        .dbSnapshotIdentifier(calls.target()).attributeName(RESTORE).valuesToRemove(PUBLIC));
  }
}
