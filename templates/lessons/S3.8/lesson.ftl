<#-- The S3 public access lesson: also used for S3.2 and S3.3, whose folders include this file. -->
<#import "../common.ftl" as common>
<@common.subject/>
<@common.greeting/>

<@common.found/>

<@common.whatRedressDid fixed="turned on all four S3 Block Public Access settings for the bucket"/>

Why it matters
Block Public Access is the safety net for S3: with all four settings on, no bucket policy or ACL can make the
bucket or its objects public, however it is written. A single permissive policy line or ACL grant is one of the
most common causes of cloud data leaks, and automated scanners look for open buckets all the time.

How to create it securely next time
Terraform: give every aws_s3_bucket an aws_s3_bucket_public_access_block with all four settings true.
----------------------------------------------------------------------
<#include "terraform.tf" parse=false>
----------------------------------------------------------------------

CloudFormation: give every AWS::S3::Bucket a PublicAccessBlockConfiguration with all four settings true.
----------------------------------------------------------------------
<#include "cloudformation.yaml" parse=false>
----------------------------------------------------------------------

If the bucket really must serve public content, put CloudFront in front of it instead, or ask the security team
for an exception.

More about this control:
<@common.controlDocs/>

<@common.signature/>
