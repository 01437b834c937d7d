<#-- EC2.14: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "revoked the rules allowing RDP (port 3389) from 0.0.0.0/0 and ::/0, and kept every other rule">
<#assign why = "RDP open to the whole internet is found by scanners within minutes and brute-forced around the clock; one weak or leaked credential then gives an attacker a shell on the instance. Reach instances through Systems Manager Session Manager, or allow RDP only from your corporate network or VPN.">
<#assign terraformHint = "allow port 3389 only from known address ranges (or not at all: use Session Manager).">
<#assign cloudformationHint = "give port 3389 ingress a CidrIp of a known range, never 0.0.0.0/0.">
