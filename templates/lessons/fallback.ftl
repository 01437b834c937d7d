<#-- The lesson for a control without its own folder under lessons/. -->
<#import "common.ftl" as common>
<@common.subject/>
<@common.greeting/>

<@common.found/>

<@common.whatRedressDid fixed=(action??)?then("applied its " + action + " remediation", "fixed the resource")/>

Why it matters
<#if description??>
${description}
<#else>
The detecting tool rated it ${severity?lower_case} severity: left as it is, it weakens the account's defences.
</#if>

How to fix it
<#if control??>
The Security Hub documentation for ${control} explains the control and how to comply with it:
<@common.controlDocs/>
<#else>
Ask the security team how to comply; they can also grant an exception if the setting is intended.
</#if>

<@common.signature/>
