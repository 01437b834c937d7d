package io.redress.remediation;

import io.redress.config.ControlParameters;

/**
 * An action that judges resources by parameters of its control which Security Hub lets one set (EC2.18's authorized
 * ports, IAM.3's and IAM.8's key ages), or fixes them by a choice one configures (SNS.1's key). Registered with the
 * defaults; {@link RemediationCatalogue#with} swaps in the configured ones.
 */
interface Parameterised {

  /** The same action, judging by {@code parameters}. */
  RemediationAction with(ControlParameters parameters);
}
