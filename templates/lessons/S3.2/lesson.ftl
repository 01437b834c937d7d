<#-- S3.2: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "turned on all four S3 Block Public Access settings for the bucket, which makes its public read grant ineffective">
<#assign why = "A bucket whose ACL or policy lets everyone read is open to the whole internet: anyone can list and download its objects. Block Public Access overrides such grants, however they are written.">
<#assign terraformHint = "keep the bucket's ACL private and give every aws_s3_bucket an aws_s3_bucket_public_access_block with all four settings true.">
<#assign cloudformationHint = "leave AccessControl unset (private) and give every AWS::S3::Bucket a PublicAccessBlockConfiguration with all four settings true.">
<#assign alternative = "If the bucket really must serve public content, put CloudFront in front of it instead, or ask the security team for an exception.">
