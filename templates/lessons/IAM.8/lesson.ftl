<#-- IAM.8: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "deactivated the access key (it is not deleted: its owner can reactivate it while they move to temporary credentials)">
<#assign why = "An access key nobody used for 90 days is a credential nobody would miss, and nobody would notice being misused: it only adds risk. Roles give workloads temporary credentials that expire by themselves.">
<#assign terraformHint = "give workloads an aws_iam_role (through an instance profile, IRSA or a task role) instead of an aws_iam_user with an aws_iam_access_key.">
<#assign noCloudformation = "the same holds in CloudFormation: give workloads an AWS::IAM::Role and an instance profile, never an AWS::IAM::AccessKey.">
