<#-- Lambda.1: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "removed the statement letting anyone invoke the function from its resource-based policy, and kept every other statement">
<#assign why = "A function policy with principal \"*\" lets any AWS account, or anyone on the internet through a function URL, invoke the function: running your code, on your bill, with your function's permissions.">
<#assign terraformHint = "name the calling service or account as principal in every aws_lambda_permission, with source_arn and source_account.">
<#assign cloudformationHint = "name the calling service or account as Principal in every AWS::Lambda::Permission, with SourceArn and SourceAccount.">
