<#-- Sent to the security contact when the circuit breaker opens. Variables from io.redress.notification.BreakerAlertModel. -->
Subject: [Redress] Circuit breaker open for ${scope}: automatic fixes are on hold

Hello security team,

Redress's circuit breaker opened for scope ${scope}: ${count} remediation commands in ${window} crossed the
threshold of ${threshold} per window.
  Reason:    ${reason}
  Opened at: ${openedAt}<#if openedBy??>, by command ${openedBy}</#if>

<#if reopensAt??>
Until ${reopensAt}, when the breaker closes by itself, every remediation command in this scope is held, not
applied.
<#else>
Every remediation command in this scope is held, not applied.
</#if>
Nothing is dropped: held commands wait on the redress.remediations.held topic.

What to do
Check whether this is a real burst of misconfigurations or something going wrong (a remediation loop, a bad
control mapping, a mass change). Then release or discard the held commands: ./redress breaker status shows
them, ./redress breaker release or discard acts on them (a scope's with --expect and the number status showed,
so that none held since are decided unseen; each released command runs once, after an exception check).
Commands held stay held after the breaker closes, until someone releases or discards them. Once the cause is
dealt with, ./redress breaker reset closes the breaker before its time.

Redress
