package io.redress.remediation;

import java.util.List;
import java.util.Set;

/** Turns logging back on for a trail that was stopped (Security Hub CloudTrail.1). */
public final class TrailLogging extends TrailAction<TrailLogging.State> {

  static final String STATUS = "cloudtrail:GetTrailStatus";
  static final String START = "cloudtrail:StartLogging";

  record State(boolean logging) {
  }

  @Override
  public String name() {
    return "cloudtrail-logging-on";
  }

  @Override
  public Set<String> controls() {
    return Set.of("CloudTrail.1");
  }

  @Override
  public List<String> permissions() {
    return List.of(STATUS, START);
  }

  @Override
  public String summary() {
    return "Starts logging on the trail; its configuration is unchanged.";
  }

  @Override
  public List<String> plannedCalls() {
    return List.of(STATUS, START, STATUS);
  }

  @Override
  protected State read(Calls calls) {
    return new State(Boolean.TRUE.equals(
        cloudTrail(calls, STATUS).getTrailStatus(r -> r.name(calls.target())).isLogging()));
  }

  @Override
  protected boolean compliant(State state) {
    return state.logging();
  }

  @Override
  protected String plan(State before) {
    return "start logging";
  }

  @Override
  protected void change(Calls calls, State before) {
    cloudTrail(calls, START).startLogging(r -> r.name(calls.target()));
  }
}
