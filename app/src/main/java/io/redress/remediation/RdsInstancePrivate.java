package io.redress.remediation;

import io.redress.contract.Resource;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * Makes a DB instance not publicly accessible (Security Hub RDS.2), applied immediately; nothing else about the
 * instance is sent, so RDS leaves the rest of its configuration as it was.
 */
public final class RdsInstancePrivate extends CheckedChange<RdsInstancePrivate.State> {

  static final String DESCRIBE = "rds:DescribeDBInstances";
  static final String MODIFY = "rds:ModifyDBInstance";
  /** How AWS Config names a DB instance; RDS's own calls take its identifier, which the ARN ends with. */
  private static final Pattern DBI_RESOURCE_ID = Pattern.compile("db-[A-Z0-9]{26}");

  record State(boolean publiclyAccessible, String instanceClass, String status) {

    static State of(DBInstance instance) {
      return new State(Boolean.TRUE.equals(instance.publiclyAccessible()), instance.dbInstanceClass(),
          instance.dbInstanceStatus());
    }
  }

  @Override
  public String name() {
    return "rds-instance-not-public";
  }

  @Override
  public Set<String> controls() {
    return Set.of("RDS.2");
  }

  @Override
  public String resourceType() {
    return "AwsRdsDbInstance";
  }

  @Override
  public List<String> permissions() {
    return List.of(DESCRIBE, MODIFY, LiveTags.RDS_TAGS);
  }

  @Override
  public Optional<LiveTags> liveTags() {
    return Optional.of(LiveTags.RDS_DB_INSTANCE);
  }

  @Override
  public String summary() {
    return "Turns PubliclyAccessible off on the DB instance, applied immediately; nothing else is changed.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(DESCRIBE, MODIFY, DESCRIBE);
  }

  /**
   * The instance's ARN, found by its DbiResourceId when the finding names it so: an exception written on the ARN must
   * keep it from being changed as surely as one written on the id.
   */
  @Override
  public Identity identify(AwsSession session, Resource resource) {
    String id = resource.getId();
    if (!DBI_RESOURCE_ID.matcher(id).matches()) {
      return new Identity.Named(resource, List.of());
    }
    List<DBInstance> found;
    try {
      found = session.client(RdsClient::builder).describeDBInstances(r -> r.filters(
          filter -> filter.name("dbi-resource-id").values(id))).dbInstances();
    } catch (SdkException e) {
      return new Identity.Unknown(DESCRIBE + " on " + id + " failed: " + CheckedChange.describe(e), List.of(DESCRIBE));
    }
    if (found.size() != 1) {
      return new Identity.Unknown((found.isEmpty() ? "no DB instance" : found.size() + " DB instances") + " in "
          + session.region() + " answer to the DbiResourceId " + id, List.of(DESCRIBE));
    }
    // In lower case, as a finding's ARN of a DB instance is read, so that one exception covers both names.
    String arn = found.get(0).dbInstanceArn().toLowerCase(Locale.ROOT);
    return new Identity.Named(Resource.newBuilder(resource).setId(arn).build(), List.of(DESCRIBE));
  }

  /** The instance identifier, bare or after {@code :db:} in its ARN. */
  @Override
  protected Optional<String> target(Resource resource) {
    String id = resource.getId();
    return Optional.of(id.substring(id.lastIndexOf(':') + 1));
  }

  @Override
  protected State read(Calls calls) {
    return State.of(calls.call(DESCRIBE).client(RdsClient::builder)
        .describeDBInstances(r -> r.dbInstanceIdentifier(calls.target())).dbInstances().get(0));
  }

  @Override
  protected boolean compliant(State state) {
    return !state.publiclyAccessible();
  }

  @Override
  protected String plan(State before) {
    return "turn PubliclyAccessible off";
  }

  @Override
  protected void change(Calls calls, State before) {
    calls.call(MODIFY).client(RdsClient::builder).modifyDBInstance(r -> r.dbInstanceIdentifier(calls.target())
        .publiclyAccessible(false).applyImmediately(true));
  }
}
