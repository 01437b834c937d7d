resource "aws_vpc" "main" {
  cidr_block = "10.20.0.0/16"
}

# No ingress and no egress blocks: Terraform removes every rule from the default security group.
resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id
}
