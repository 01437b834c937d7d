<#-- IAM.7: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "set the account's password policy to require long passwords with upper and lower case letters, numbers and symbols, and to prevent reuse">
<#assign why = "Console passwords are the credentials attackers guess and stuff first. A strong password policy makes guessing hopeless and stops a password leaked elsewhere from being reused here.">
<#assign terraformHint = "declare one aws_iam_account_password_policy per account.">
<#assign noCloudformation = "CloudFormation has no resource for the account password policy; set it with Terraform or once per account with 'aws iam update-account-password-policy'.">
