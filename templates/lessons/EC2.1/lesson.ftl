<#-- EC2.1: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "removed the public create-volume permission from the snapshot">
<#assign why = "A public EBS snapshot can be copied by every AWS account in the world, and with it the whole disk: databases, keys, configuration files. Share a snapshot with the specific accounts that need it, never with everyone.">
<#assign terraformHint = "share a snapshot with named accounts through aws_snapshot_create_volume_permission, one account id each.">
<#assign noCloudformation = "CloudFormation has no resource for snapshot permissions; use Terraform, or 'aws ec2 modify-snapshot-attribute --user-ids' for named accounts.">
<#assign noBefore = "A snapshot is made public outside Infrastructure-as-Code (the console, or 'modify-snapshot-attribute --group-names all'); there is no insecure Terraform to show.">
