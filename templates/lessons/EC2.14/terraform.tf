resource "aws_security_group" "admin" {
  name        = "admin"
  description = "Administration from the corporate network only"
  vpc_id      = var.vpc_id

  ingress {
    description      = "RDP"
    from_port        = 3389
    to_port          = 3389
    protocol         = "tcp"
    cidr_blocks      = ["10.20.0.0/16"]
  }
}

variable "vpc_id" {
  type = string
}
