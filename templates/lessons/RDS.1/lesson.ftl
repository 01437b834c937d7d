<#-- RDS.1: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "removed the public restore permission from the database snapshot">
<#assign why = "A public RDS snapshot can be restored by every AWS account in the world, with every row of the database in it. Share snapshots only with the specific accounts that need them.">
<#assign terraformHint = "list named account ids in shared_accounts of an aws_db_snapshot, never \"all\".">
<#assign noCloudformation = "CloudFormation has no resource for database snapshot sharing; use Terraform, or 'aws rds modify-db-snapshot-attribute' with named accounts.">
