<#-- The Slack message (mrkdwn): every interpolation is escaped for Slack (&, <, >), so no finding can mention or link. -->
<#import "common.ftl" as common>
<#import "/" + content as lesson>
*${common.subject()}*
${common.whoAndWhy()}

*What we found:* ${title}
*Control:* ${control!"(no mapped control)"}, severity ${severity?lower_case}
*Resource:* ${resourceId} (${resourceType}) in account ${account}, region ${region}

*What Redress did:* ${common.whatHappened(lesson.fixed)}

*Why it matters:* ${lesson.why}
<#if snippets??>

*Next time, in Terraform:* ${lesson.terraformHint}
```
${snippets.terraform}```
<#if snippets.cloudformation??>
*In CloudFormation:* ${lesson.cloudformationHint}
```
${snippets.cloudformation}```
<#else>
*In CloudFormation:* ${lesson.noCloudformation}
</#if>
</#if>
<#if control??>
More about ${control}: ${common.docsUrl()}
</#if>
