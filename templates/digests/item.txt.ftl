<#-- One lesson of a digest, as plain text. Variables from io.redress.notification.LessonModel, as for a lesson alone. -->
<#import "/lessons/layout/common.ftl" as common>
<#import "/" + content as lesson>
${common.headline()}
   ${title} (severity ${severity?lower_case})
   Resource: ${resourceId} (${resourceType}), account ${account}, region ${region}
   You hear of it because ${creatorFoundBy!"you are the security contact"}.
   ${common.whatHappened(lesson.fixed)}
<#if snippets??>
   Next time, in Terraform: ${lesson.terraformHint}
----------------------------------------------------------------------
${snippets.terraform}----------------------------------------------------------------------
</#if>
<#if control??>
   More about ${control}: ${common.docsUrl()}
</#if>
