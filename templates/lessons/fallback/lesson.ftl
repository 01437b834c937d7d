<#-- The words for a control without a folder of its own: taught from the finding itself. -->
<#assign fixed = (action??)?then("applied its " + action + " remediation", "fixed the resource")>
<#assign why = description!("The detecting tool rated it " + severity?lower_case + " severity: left as it is, it weakens the account's defences.")>
