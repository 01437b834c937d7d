<#-- CloudTrail.2: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "set the trail to encrypt its log files with a KMS key">
<#assign why = "Trail logs describe everything that happens in the account. Encrypting them with a KMS key puts reading them under a key policy of its own, so access to the log bucket alone is not enough.">
<#assign terraformHint = "set kms_key_id on every aws_cloudtrail.">
<#assign cloudformationHint = "set KMSKeyId on every AWS::CloudTrail::Trail.">
