<#-- EC2.8: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "required IMDSv2 (session tokens) on the instance's metadata service, keeping its other metadata options">
<#assign why = "IMDSv1 answers any request that reaches it, so a server-side request forgery bug in an application can read the instance role's credentials. IMDSv2 needs a session token obtained with a PUT request, which such bugs and most misconfigured proxies cannot send.">
<#assign terraformHint = "set metadata_options { http_tokens = \"required\" } on every aws_instance and aws_launch_template.">
<#assign cloudformationHint = "set MetadataOptions HttpTokens: required in every launch template and instance.">
