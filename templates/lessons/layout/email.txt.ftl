<#-- The plain text email; the first line is its subject. Variables from io.redress.notification.LessonModel. -->
<#import "common.ftl" as common>
<#import "/" + content as lesson>
Subject: ${common.subject()}

Hi,

${common.whoAndWhy()}

What we found
  ${title}
  Control:  ${control!"(no mapped control)"}, severity ${severity?lower_case}
  Resource: ${resourceId} (${resourceType})
  Account:  ${account}, region ${region}

What Redress did
${common.whatHappened(lesson.fixed)}

Why it matters
${lesson.why}

<#if snippets??>
How to create it securely next time
Terraform: ${lesson.terraformHint}
<#if snippets.terraformBefore??>
Instead of this:
----------------------------------------------------------------------
${snippets.terraformBefore}----------------------------------------------------------------------
write this:
</#if>
----------------------------------------------------------------------
${snippets.terraform}----------------------------------------------------------------------
<#if lesson.noBefore??>
${lesson.noBefore}
</#if>

<#if snippets.cloudformation??>
CloudFormation: ${lesson.cloudformationHint}
<#if snippets.cloudformationBefore??>
Instead of this:
----------------------------------------------------------------------
${snippets.cloudformationBefore}----------------------------------------------------------------------
write this:
</#if>
----------------------------------------------------------------------
${snippets.cloudformation}----------------------------------------------------------------------
<#else>
CloudFormation: ${lesson.noCloudformation}
</#if>

<#if lesson.alternative??>
${lesson.alternative}

</#if>
More about this control:
${common.docsUrl()}
<#elseif control??>
How to fix it
The Security Hub documentation for ${control} explains the control and how to comply with it:
${common.docsUrl()}
<#else>
How to fix it
Ask the security team how to comply; they can also grant an exception if the setting is intended.
</#if>

Thanks for helping keep our cloud safe,
Redress
