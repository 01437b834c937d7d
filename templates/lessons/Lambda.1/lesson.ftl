<#-- Lambda.1: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "took public access out of the function's resource-based policy: removed any statement letting anyone invoke it, wrote any statement letting S3 invoke it for a bucket again pinned to your account (AWS:SourceAccount), and kept every other statement">
<#assign why = "A function policy with principal \"*\" lets any AWS account, or anyone on the internet through a function URL, invoke the function: running your code, on your bill, with your function's permissions. A bucket ARN names no account, so a statement for S3 without the source account lets whoever creates a bucket by that name, once yours is gone, invoke it too.">
<#assign terraformHint = "name the calling service or account as principal in every aws_lambda_permission, with source_arn and source_account.">
<#assign cloudformationHint = "name the calling service or account as Principal in every AWS::Lambda::Permission, with SourceArn and SourceAccount.">
