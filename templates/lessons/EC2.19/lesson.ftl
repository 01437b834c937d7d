<#-- EC2.19: the control's own words. The layouts in ../layout/ render them as HTML and text email and as
     a Slack message, with the snippets beside this file. -->
<#assign fixed = "revoked the rules allowing unrestricted access to high-risk ports from 0.0.0.0/0 and ::/0, and kept every other rule">
<#assign why = "Databases, remote administration and internal web consoles exposed to the whole internet are among the first things attackers scan for; an unpatched service or a default password is then all it takes. Only ports meant for the public (usually 80 and 443, behind a load balancer) should accept traffic from anywhere.">
<#assign terraformHint = "allow such ports only from the security groups or address ranges that need them.">
<#assign cloudformationHint = "give such ports a CidrIp of a known range, or a SourceSecurityGroupId, never 0.0.0.0/0.">
