package io.redress.remediation;

import java.util.Set;

/** Unrestricted RDP (Security Hub EC2.14). */
public final class OpenRdp extends OpenPorts {

  @Override
  public String name() {
    return "ec2-revoke-open-rdp";
  }

  @Override
  public Set<String> controls() {
    return Set.of("EC2.14");
  }

  @Override
  public String summary() {
    return "Closes RDP (port 3389) to 0.0.0.0/0 or ::/0: a rule for port 3389 alone is revoked; " + WIDER_RULES;
  }

  @Override
  protected boolean offends(String protocol, int port) {
    return port == 3389;
  }
}
