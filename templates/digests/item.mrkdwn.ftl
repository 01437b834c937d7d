<#-- One lesson of a digest, as Slack mrkdwn: every interpolation is escaped for Slack. Variables from
     io.redress.notification.LessonModel, as for a lesson alone. -->
<#import "/lessons/layout/common.ftl" as common>
<#import "/" + content as lesson>
*${common.headline()}*
${title}: ${resourceId} (${resourceType}) in account ${account}, region ${region}
${common.whatHappened(lesson.fixed)}
<#if snippets??>
*Next time, in Terraform:* ${lesson.terraformHint}
```
${snippets.terraform}```
</#if>
<#if control??>
More about ${control}: ${common.docsUrl()}
</#if>
