package io.redress.remediation;

import java.util.Set;

/** Unrestricted access to high-risk ports (Security Hub EC2.19), by the control's own list of ports. */
public final class OpenHighRiskPorts extends OpenPorts {

  static final Set<Integer> HIGH_RISK = Set.of(20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389,
      4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300);

  @Override
  public String name() {
    return "ec2-revoke-open-high-risk-ports";
  }

  @Override
  public Set<String> controls() {
    return Set.of("EC2.19");
  }

  @Override
  public String summary() {
    return "Closes the high-risk ports (20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, "
        + "5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300) to 0.0.0.0/0 or ::/0: a rule for high-risk ports "
        + "alone is revoked; " + WIDER_RULES;
  }

  @Override
  protected boolean offends(String protocol, int port) {
    return HIGH_RISK.contains(port);
  }
}
