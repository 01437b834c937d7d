<#-- CloudTrail.1: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "made a multi-Region trail of the account log read and write management events">
<#assign why = "CloudTrail is the record of who did what in the account. Without a logging, multi-Region trail, an intruder's actions in any Region leave no trace, and nobody can answer \"who changed this?\" after an incident.">
<#assign terraformHint = "declare an aws_cloudtrail with enable_logging and is_multi_region_trail true.">
<#assign cloudformationHint = "declare an AWS::CloudTrail::Trail with IsLogging and IsMultiRegionTrail true.">
