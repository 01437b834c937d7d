package io.redress.remediation;

import io.redress.contract.Resource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * Makes a DB instance not publicly accessible (Security Hub RDS.2), applied immediately; nothing else about the
 * instance is sent, so RDS leaves the rest of its configuration as it was.
 */
public final class RdsInstancePrivate extends CheckedChange<RdsInstancePrivate.State> {

  static final String DESCRIBE = "rds:DescribeDBInstances";
  static final String MODIFY = "rds:ModifyDBInstance";

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
    return List.of(DESCRIBE, MODIFY);
  }

  @Override
  public String summary() {
    return "Turns PubliclyAccessible off on the DB instance, applied immediately; nothing else is changed.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(DESCRIBE, MODIFY, DESCRIBE);
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
