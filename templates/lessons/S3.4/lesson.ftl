<#-- S3.4: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "turned on default server-side encryption for the bucket">
<#assign why = "Default encryption makes S3 encrypt every object written to the bucket, whoever writes it and however. Encryption at rest is a baseline most compliance frameworks require, and with a KMS key it also puts key access under IAM and CloudTrail.">
<#assign terraformHint = "give every aws_s3_bucket an aws_s3_bucket_server_side_encryption_configuration.">
<#assign cloudformationHint = "give every AWS::S3::Bucket a BucketEncryption with a default rule.">
