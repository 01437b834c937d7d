package io.redress.remediation;

import java.util.Set;

/**
 * Unrestricted ingress on ports other than the authorized ones (Security Hub EC2.18, with its default parameters:
 * 80 and 443 may be open to the internet).
 */
public final class OpenUnauthorizedPorts extends OpenPorts {

  static final Set<Integer> AUTHORIZED = Set.of(80, 443);

  @Override
  public String name() {
    return "ec2-revoke-open-unauthorized-ports";
  }

  @Override
  public Set<String> controls() {
    return Set.of("EC2.18");
  }

  @Override
  public String summary() {
    return "Revokes ingress rules opening any TCP or UDP port but 80 and 443 to 0.0.0.0/0 or ::/0; every other rule "
        + "is kept.";
  }

  @Override
  protected boolean offends(int port) {
    return !AUTHORIZED.contains(port);
  }
}
