<#-- KMS.4: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "turned on automatic yearly rotation of the key">
<#assign why = "Rotation gives a key new cryptographic material every year while old data stays readable, so material that leaked or was broken stops protecting new data. It costs nothing to turn on.">
<#assign terraformHint = "set enable_key_rotation = true on every aws_kms_key.">
<#assign cloudformationHint = "set EnableKeyRotation: true on every AWS::KMS::Key.">
