<#-- A digest as a Slack message: every interpolation is escaped for Slack. Variables from
     io.redress.notification.DigestModel; each item was rendered, and escaped, by item.mrkdwn.ftl, so it is inserted
     as it is. -->
*[Redress] ${count} lessons about resources you created or changed, ${from} to ${until}*
Rather than one message each, here they are together.

<#list items as item>
${item?no_esc}
</#list>
