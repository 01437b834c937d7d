<#-- S3.1: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "turned on all four S3 Block Public Access settings for the whole account">
<#assign why = "The account-level Block Public Access settings are the last safety net for every bucket in the account, including the ones created tomorrow: with all four on, no bucket policy or ACL anywhere in the account can make data public, however it is written.">
<#assign terraformHint = "declare one aws_s3_account_public_access_block per account with all four settings true.">
<#assign noCloudformation = "CloudFormation has no resource for the account-wide setting; set it with Terraform or once per account with 'aws s3control put-public-access-block'.">
