<#--
  What every form of a lesson says, as plain strings: each layout prints them and its output format escapes them
  (HTML, Slack), so the wording is written once and finding-supplied text is never markup.
  Variables come from io.redress.notification.LessonModel.
-->
<#assign subjectByStatus = {
  "APPLIED": "fixed automatically",
  "ALREADY_COMPLIANT": "already compliant, nothing changed",
  "FAILED": "automatic fix FAILED, please fix",
  "EXCEPTED": "left alone under an exception",
  "DRY_RUN": "would be fixed (dry run)",
  "DRY_RUN_FAILED": "dry run stopped short, please fix",
  "REMEDIATE": "automatic fix ordered",
  "NOTIFY_ONLY": "please fix",
  "HELD": "fix waits for a human",
  "AWAITING_APPROVAL": "fix waits for approval"
}>

<#function subject>
  <#return "[Redress] " + headline()>
</#function>

<#-- The lesson in one line: the subject of a lesson alone, the heading of a lesson in a digest. -->
<#function headline>
  <#return (control!"Finding") + " on " + resourceId + ": " + (subjectByStatus[status]!"for your information")>
</#function>

<#function whoAndWhy>
  <#if addressedToCreator>
    <#return "Redress, our automatic cloud security fixer, noticed something about a resource you created or changed (we know because " + creatorFoundBy + ").">
  </#if>
  <#if passedOverAddress??>
    <#return "Redress, our automatic cloud security fixer, noticed something about a resource. Its creator's address would be " + passedOverAddress + " (because " + passedOverFoundBy + "), but that is outside the domains lessons are mailed to (notifications.recipient-domains), and whoever set that name chose it, so this note comes to you as the security contact instead. Please check who owns the resource and pass it on to them.">
  </#if>
  <#return "Redress, our automatic cloud security fixer, noticed something about a resource but could not tell who created it, so this note comes to you as the security contact. Please pass it on to the resource's owner.">
</#function>

<#-- What happened to the resource, exactly as the executor reported it (or as decided, before any command ran). -->
<#function whatHappened fixed>
  <#switch status>
    <#case "APPLIED">
      <#return "Redress fixed it: it has " + fixed + ", and read the resource back to make sure the change took.">
    <#case "ALREADY_COMPLIANT">
      <#return "Redress changed nothing: when it came to fix the resource, it was already compliant (someone fixed it first; thank you if it was you).">
    <#case "FAILED">
      <#return "Redress tried to fix it and FAILED, so the resource is still as it was: " + (resultMessage!"no reason given") + ". Please fix it yourself now.">
    <#case "EXCEPTED">
      <#return "Redress changed nothing: an exception covers this resource, or all the fix would have changed in it, so it was left as it is.">
    <#case "REMEDIATE">
      <#return "Redress has ordered an automatic fix: when it is applied, it will have " + fixed + ". This note is sent when the fix is ordered, before it runs: an exception approved in the meantime stops it, and it can fail or, where Redress has no access to the account, only be planned.">
    <#case "DRY_RUN_FAILED">
      <#return "Redress only planned a fix (dry run), so nothing was changed, and the plan stopped short of one: " + (resultMessage!"no reason given") + ". Please fix it yourself now.">
    <#case "DRY_RUN">
      <#return "Redress would fix it; it is in dry-run for this control, so nothing was changed. Once the control leaves dry-run, Redress will have " + fixed + ". Until then, please fix it yourself.">
    <#case "NOTIFY_ONLY">
      <#if (mode!"") == "NOTIFY_ONLY">
        <#return "Redress changed nothing: this control is set to notify only, so please fix it yourself.">
      </#if>
      <#return "Redress changed nothing: it has no automatic fix for this control yet, so please fix it yourself.">
    <#case "HELD">
      <#return "Redress would fix it, but the fix waits for a human: its circuit breaker is holding automatic fixes right now, and the security team will release or discard it. In the meantime, please fix it yourself.">
    <#case "AWAITING_APPROVAL">
      <#return "Redress would fix it, but every fix for this control waits for approval by a person, and the security team will approve or deny it. In the meantime, please fix it yourself.">
    <#default>
      <#return "Redress changed nothing: " + reason>
  </#switch>
</#function>

<#function docsUrl>
  <#if !control??>
    <#return "">
  </#if>
  <#return "https://docs.aws.amazon.com/securityhub/latest/userguide/" + control?keep_before(".")?lower_case + "-controls.html#" + control?lower_case?replace(".", "-")>
</#function>
