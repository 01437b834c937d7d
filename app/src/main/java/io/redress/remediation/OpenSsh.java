package io.redress.remediation;

import java.util.Set;

/** Unrestricted SSH (Security Hub EC2.13). */
public final class OpenSsh extends OpenPorts {

  @Override
  public String name() {
    return "ec2-revoke-open-ssh";
  }

  @Override
  public Set<String> controls() {
    return Set.of("EC2.13");
  }

  @Override
  public String summary() {
    return "Closes SSH (port 22) to 0.0.0.0/0 or ::/0: a rule for port 22 alone is revoked; " + WIDER_RULES;
  }

  @Override
  protected boolean offends(String protocol, int port) {
    return port == 22;
  }
}
