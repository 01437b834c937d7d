package io.redress.remediation;

import io.redress.config.ControlParameters;
import java.util.Set;
import java.util.TreeSet;

/**
 * Unrestricted ingress on ports other than the authorized ones (Security Hub EC2.18, with its parameters
 * {@code authorizedTcpPorts}, by default 80 and 443, and {@code authorizedUdpPorts}, by default none).
 */
public final class OpenUnauthorizedPorts extends OpenPorts implements Parameterised {

  private final Set<Integer> authorizedTcp;
  private final Set<Integer> authorizedUdp;

  /** With Security Hub's default parameters, as registered. */
  public OpenUnauthorizedPorts() {
    this(ControlParameters.SECURITY_HUB_DEFAULTS);
  }

  OpenUnauthorizedPorts(ControlParameters parameters) {
    this.authorizedTcp = parameters.authorizedTcpPorts();
    this.authorizedUdp = parameters.authorizedUdpPorts();
  }

  @Override
  public RemediationAction with(ControlParameters parameters) {
    return new OpenUnauthorizedPorts(parameters);
  }

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
    return "Closes to 0.0.0.0/0 or ::/0 any TCP port but " + listed(authorizedTcp) + " and any UDP port but "
        + listed(authorizedUdp) + ": a rule for such ports alone is revoked; " + WIDER_RULES;
  }

  @Override
  protected boolean offends(String protocol, int port) {
    return !(protocol.equals("tcp") ? authorizedTcp : authorizedUdp).contains(port);
  }

  private static String listed(Set<Integer> ports) {
    return ports.isEmpty() ? "none" : new TreeSet<>(ports).toString();
  }
}
