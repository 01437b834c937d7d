<#--
  Parts every lesson shares. A lesson reads like an email: its first line is "Subject: ...", the rest is the body.
  Variables come from io.redress.notification.LessonModel.
-->
<#assign subjectByOutcome = {
  "REMEDIATE": "automatic fix ordered",
  "DRY_RUN": "would be fixed (dry run)",
  "NOTIFY_ONLY": "please fix",
  "HELD": "fix held by the circuit breaker"
}>
<#macro subject>
Subject: [Redress] ${control!"Finding"} on ${resourceId}: ${subjectByOutcome[outcome]!"for your information"}
</#macro>

<#macro greeting>
Hi,

<#if addressedToCreator>
Redress, our automatic cloud security fixer, noticed something about a resource you created or changed.
<#else>
Redress, our automatic cloud security fixer, noticed something about a resource but could not tell who created
it, so this note comes to you as the security contact. Please pass it on to the resource's owner.
</#if>
</#macro>

<#macro found>
What we found
  ${title}
  Control:  ${control!"(no mapped control)"}, severity ${severity?lower_case}
  Resource: ${resourceId} (${resourceType})
  Account:  ${account}, region ${region}
</#macro>

<#--
  fixed: what the fix does, as a past-tense phrase that also reads after "would have",
  e.g. "turned on all four Block Public Access settings".
-->
<#macro whatRedressDid fixed>
What Redress did
<#switch outcome>
  <#case "REMEDIATE">
Redress has ordered an automatic fix: when it is applied, it will have ${fixed}. This note is sent when
the fix is ordered, before it runs: an exception approved in the meantime stops it, and it can fail or, where
Redress has no access to the account, only be planned. The security team sees what actually happened; please
check the resource, and learn from the snippets below how to create it securely next time.
    <#break>
  <#case "DRY_RUN">
Redress would fix it; it is in dry-run for this control, so nothing was changed. Once the control leaves dry-run,
Redress will have ${fixed}. Until then, please fix it yourself.
    <#break>
  <#case "NOTIFY_ONLY">
<#if (mode!"") == "NOTIFY_ONLY">
Redress changed nothing: this control is set to notify only, so please fix it yourself.
<#else>
Redress changed nothing: it has no automatic fix for this control yet, so please fix it yourself.
</#if>
    <#break>
  <#case "HELD">
Redress would fix it, but its circuit breaker is holding automatic fixes right now. The security team will
release or discard the fix; in the meantime, please fix it yourself.
    <#break>
  <#default>
Redress changed nothing: ${reason}
</#switch>
</#macro>

<#macro controlDocs>
<#if control??>
https://docs.aws.amazon.com/securityhub/latest/userguide/${control?keep_before(".")?lower_case}-controls.html#${control?lower_case?replace(".", "-")}
</#if>
</#macro>

<#macro signature>
Thanks for helping keep our cloud safe,
Redress
</#macro>
