<#-- S3.14: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "turned on versioning for the bucket">
<#assign why = "With versioning on, an overwritten or deleted object can be restored: a mistaken script, a compromised key or ransomware cannot destroy the data for good.">
<#assign terraformHint = "give every aws_s3_bucket an aws_s3_bucket_versioning with status Enabled.">
<#assign cloudformationHint = "give every AWS::S3::Bucket a VersioningConfiguration with Status Enabled.">
