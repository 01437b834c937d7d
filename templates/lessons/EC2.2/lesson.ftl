<#-- EC2.2: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "removed every inbound and outbound rule from the VPC's default security group">
<#assign why = "Anything launched without an explicit security group lands in the default one. If it allows traffic, a forgotten instance is reachable and can reach out; with no rules at all, every resource has to be given a security group someone designed.">
<#assign terraformHint = "manage each VPC's aws_default_security_group and give it no ingress and no egress blocks: Terraform then removes every rule.">
<#assign noCloudformation = "CloudFormation cannot manage a VPC's default security group; manage it with Terraform, or remove its rules once with the CLI.">
