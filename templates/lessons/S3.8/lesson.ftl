<#-- S3.8: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "turned on all four S3 Block Public Access settings for the bucket">
<#assign why = "Block Public Access is the safety net for S3: with all four settings on, no bucket policy or ACL can make the bucket or its objects public, however it is written. A single permissive policy line or ACL grant is one of the most common causes of cloud data leaks, and automated scanners look for open buckets all the time.">
<#assign terraformHint = "give every aws_s3_bucket an aws_s3_bucket_public_access_block with all four settings true.">
<#assign cloudformationHint = "give every AWS::S3::Bucket a PublicAccessBlockConfiguration with all four settings true.">
<#assign alternative = "If the bucket really must serve public content, put CloudFront in front of it instead, or ask the security team for an exception.">
