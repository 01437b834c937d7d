<#-- A digest: one recipient's lessons of one window, as a plain text email whose first line is its subject.
     Variables from io.redress.notification.DigestModel; each item was rendered by item.txt.ftl. -->
Subject: [Redress] ${count} lessons about resources you created or changed (${controls?join(", ")})

Hi,

Redress, our automatic cloud security fixer, noticed ${count} things about resources you created or changed between ${from} and ${until}. Rather than send you one mail each, here they are together.

<#list items as item>
${item?counter}. ${item}
</#list>
Thanks for helping keep our cloud safe,
Redress
