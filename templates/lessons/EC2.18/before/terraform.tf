resource "aws_security_group" "app" {
  name        = "app"
  description = "Application traffic from inside the VPC only"
  vpc_id      = var.vpc_id

  ingress {
    description      = "Database"
    from_port        = 8080
    to_port          = 8080
    protocol         = "tcp"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }
}

variable "vpc_id" {
  type = string
}
