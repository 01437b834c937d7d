package io.redress.remediation;

import java.util.List;
import java.util.Set;

/** Turns on log file integrity validation for a trail (Security Hub CloudTrail.4). */
public final class TrailLogFileValidation extends TrailAction<TrailLogFileValidation.State> {

  static final String UPDATE = "cloudtrail:UpdateTrail";

  record State(boolean logFileValidation) {
  }

  @Override
  public String name() {
    return "cloudtrail-log-file-validation";
  }

  @Override
  public Set<String> controls() {
    return Set.of("CloudTrail.4");
  }

  @Override
  public List<String> permissions() {
    return List.of(DESCRIBE, UPDATE, LiveTags.TRAIL_TAGS);
  }

  @Override
  public String summary() {
    return "Turns on log file validation for the trail; only that setting is sent.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(DESCRIBE, UPDATE, DESCRIBE);
  }

  @Override
  protected State read(Calls calls) {
    return new State(Boolean.TRUE.equals(trail(calls).logFileValidationEnabled()));
  }

  @Override
  protected boolean compliant(State state) {
    return state.logFileValidation();
  }

  @Override
  protected String plan(State before) {
    return "turn on log file validation";
  }

  @Override
  protected void change(Calls calls, State before) {
    cloudTrail(calls, UPDATE).updateTrail(r -> r.name(calls.target()).enableLogFileValidation(true));
  }
}
