<#-- CloudTrail.4: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "turned on log file validation for the trail">
<#assign why = "With log file validation, CloudTrail signs a digest of every log file, so anyone can prove later that no log was changed or deleted: an intruder cannot quietly cover their tracks.">
<#assign terraformHint = "set enable_log_file_validation = true on every aws_cloudtrail.">
<#assign cloudformationHint = "set EnableLogFileValidation: true on every AWS::CloudTrail::Trail.">
