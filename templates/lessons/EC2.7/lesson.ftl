<#-- EC2.7: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "turned on EBS encryption by default for the account in this region">
<#assign why = "With EBS encryption by default, every new volume and snapshot copy in the region is encrypted, whoever creates it and however; without it, one forgotten flag leaves disk contents readable to anyone who gets hold of a snapshot.">
<#assign terraformHint = "declare aws_ebs_encryption_by_default with enabled = true in every region you use.">
<#assign noCloudformation = "CloudFormation has no resource for this regional account setting; set it with Terraform or once per region with 'aws ec2 enable-ebs-encryption-by-default'.">
