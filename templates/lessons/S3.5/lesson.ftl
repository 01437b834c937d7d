<#-- S3.5: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "added a statement denying every request that does not use TLS to the bucket policy, and kept the policy's other statements">
<#assign why = "Without it, a client can talk to the bucket over plain HTTP, and anyone on the network path can read or change the data in transit. The deny statement makes S3 refuse every unencrypted request, whoever sends it.">
<#assign terraformHint = "add a Deny statement with the condition aws:SecureTransport = false to every bucket policy.">
<#assign cloudformationHint = "add a Deny statement with the condition aws:SecureTransport: false to every AWS::S3::BucketPolicy.">
