<#-- S3.6: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "added a statement to the bucket policy denying other accounts the actions that change who has access (policy, ACLs, encryption), and kept the policy's other statements">
<#assign why = "An account allowed to change a bucket's policy or ACLs can grant itself, or the whole world, anything it likes. Other accounts may read or write where they must, but only the owning account should decide who has access.">
<#assign terraformHint = "never allow s3:* or policy and ACL changes to other accounts; add a Deny for them conditioned on aws:PrincipalAccount.">
<#assign cloudformationHint = "never allow s3:* or policy and ACL changes to other accounts; add a Deny for them conditioned on aws:PrincipalAccount.">
