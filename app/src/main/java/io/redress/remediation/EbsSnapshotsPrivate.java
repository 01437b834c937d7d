package io.redress.remediation;

import io.redress.contract.AppliedException;
import io.redress.contract.Resource;
import io.redress.exceptions.ExceptionMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.OperationType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotAttributeName;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Makes the account's publicly restorable EBS snapshots private (Security Hub EC2.1, an account-level control):
 * the public ("all") create-volume permission is removed; permissions given to named accounts, and the snapshots
 * themselves, are kept. A snapshot an exception covers, by its ARN or by the tags it carries, is left public and
 * the account judged without it.
 */
public final class EbsSnapshotsPrivate extends AccountAction<EbsSnapshotsPrivate.State> {

  static final String DESCRIBE = "ec2:DescribeSnapshots";
  static final String DESCRIBE_ATTRIBUTE = "ec2:DescribeSnapshotAttribute";
  static final String MODIFY_ATTRIBUTE = "ec2:ModifySnapshotAttribute";
  private static final String PUBLIC = "all";
  private static final String TYPE = "AwsEc2Snapshot";

  /**
   * @param publicSnapshots ids of the account's snapshots anyone may create a volume from, but those excepted
   * @param exceptedSnapshots those an exception covers, left public
   */
  record State(List<String> publicSnapshots, List<ExceptedSnapshot> exceptedSnapshots) {
  }

  /** @param exception the exception covering it, as a result cites one */
  record ExceptedSnapshot(String snapshot, String exception) {
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
    List<Snapshot> candidates = calls.call(DESCRIBE).client(Ec2Client::builder)
        .describeSnapshotsPaginator(r -> r.restorableByUserIds(PUBLIC)
            .filters(f -> f.name("owner-id").values(calls.session().account())))
        .snapshots().stream().toList();
    List<String> publicSnapshots = new ArrayList<>();
    List<ExceptedSnapshot> excepted = new ArrayList<>();
    for (Snapshot snapshot : candidates) {
      if (!isPublic(calls, snapshot.snapshotId())) {
        continue;
      }
      Optional<AppliedException> exception = calls.exceptionFor(asExcepted(calls, snapshot));
      if (exception.isPresent()) {
        excepted.add(new ExceptedSnapshot(snapshot.snapshotId(), ExceptionMatch.describe(exception.get())));
      } else {
        publicSnapshots.add(snapshot.snapshotId());
      }
    }
    return new State(List.copyOf(publicSnapshots), List.copyOf(excepted));
  }

  /**
   * The snapshot as its exceptions are matched: by its ARN and by its tags, which DescribeSnapshots answers with, so a
   * tag scope needs no call of its own. AWS keeps one value per key; should an answer repeat one, the first is kept.
   */
  private static Resource asExcepted(Calls calls, Snapshot snapshot) {
    return calls.part(TYPE, calls.arn("ec2", "snapshot/" + snapshot.snapshotId()), snapshot.tags().stream()
        .collect(Collectors.toMap(Tag::key, Tag::value, (first, second) -> first)));
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
  protected List<String> leftAlone(State state) {
    return state.exceptedSnapshots().stream()
        .map(excepted -> excepted.snapshot() + " stays public by " + excepted.exception()).toList();
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
