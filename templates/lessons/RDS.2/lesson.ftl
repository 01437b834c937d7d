<#-- RDS.2: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "made the database instance not publicly accessible">
<#assign why = "A publicly accessible database gets a public address, and its login page is then a security group rule away from the whole internet. Databases belong in private subnets, reached by applications inside the VPC.">
<#assign terraformHint = "set publicly_accessible = false and put the instance in private subnets.">
<#assign cloudformationHint = "set PubliclyAccessible: false and use a private DB subnet group.">
