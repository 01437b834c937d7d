<#-- SNS.1: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "turned on encryption at rest for the SNS topic with the AWS managed key">
<#assign why = "Messages often carry personal data or secrets. Encryption at rest with KMS keeps them unreadable on AWS's disks and puts reading them under a key policy and CloudTrail.">
<#assign terraformHint = "set kms_master_key_id on every aws_sns_topic.">
<#assign cloudformationHint = "set KmsMasterKeyId on every AWS::SNS::Topic.">
