package io.redress.remediation;

import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.OperationType;
import software.amazon.awssdk.services.ec2.model.SnapshotAttributeName;

/**
 * Makes the account's publicly restorable EBS snapshots private (Security Hub EC2.1, an account-level control):
 * the public ("all") create-volume permission is removed; permissions given to named accounts, and the snapshots
 * themselves, are kept.
 */
public final class EbsSnapshotsPrivate extends AccountAction<EbsSnapshotsPrivate.State> {

  static final String DESCRIBE = "ec2:DescribeSnapshots";
  static final String DESCRIBE_ATTRIBUTE = "ec2:DescribeSnapshotAttribute";
  static final String MODIFY_ATTRIBUTE = "ec2:ModifySnapshotAttribute";
  private static final String PUBLIC = "all";

  /** @param publicSnapshots ids of the account's snapshots anyone may create a volume from */
  record State(List<String> publicSnapshots) {
  }

  @Override
  public String name() {
    return "ec2-ebs-snapshots-private";
  }

  @Override
  public Set<String> controls() {
    return Set.of("EC2.1");
  }

  @Override
  public List<String> permissions() {
    return List.of(DESCRIBE, DESCRIBE_ATTRIBUTE, MODIFY_ATTRIBUTE);
  }

  @Override
  public String summary() {
    return "Removes the public create-volume permission from the account's EBS snapshots in the region; "
        + "snapshots and their sharing with named accounts are kept.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(DESCRIBE, DESCRIBE_ATTRIBUTE, MODIFY_ATTRIBUTE, DESCRIBE, DESCRIBE_ATTRIBUTE);
  }

  @Override
  protected State read(Calls calls) {
    // RestorableBy "all" asks EC2 for the public ones only; each is confirmed from its attribute before it counts.
    List<String> candidates = calls.call(DESCRIBE).client(Ec2Client::builder)
        .describeSnapshotsPaginator(r -> r.restorableByUserIds(PUBLIC)
            .filters(f -> f.name("owner-id").values(calls.session().account())))
        .snapshots().stream().map(snapshot -> snapshot.snapshotId()).toList();
    return new State(candidates.stream().filter(id -> isPublic(calls, id)).toList());
  }

  private static boolean isPublic(Calls calls, String snapshot) {
    return calls.call(DESCRIBE_ATTRIBUTE).client(Ec2Client::builder)
        .describeSnapshotAttribute(r -> r.snapshotId(snapshot).attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION))
        .createVolumePermissions().stream().anyMatch(permission -> PUBLIC.equals(permission.groupAsString()));
  }

  @Override
  protected boolean compliant(State state) {
    return state.publicSnapshots().isEmpty();
  }

  @Override
  protected String plan(State before) {
    return "make " + before.publicSnapshots() + " private";
  }

  @Override
  protected void change(Calls calls, State before) {
    for (String snapshot : before.publicSnapshots()) {
      calls.call(MODIFY_ATTRIBUTE).client(Ec2Client::builder).modifySnapshotAttribute(r -> r.snapshotId(snapshot)
          .attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION)
          .operationType(OperationType.REMOVE).groupNames(PUBLIC));
    }
  }
}
