resource "aws_security_group" "app" {
  name        = "app"
  description = "Application traffic from inside the VPC only"
  vpc_id      = var.vpc_id

  ingress {
    description      = "Database"
    from_port        = 3306
    to_port          = 3306
    protocol         = "tcp"
    cidr_blocks      = ["10.20.0.0/16"]
  }
}

variable "vpc_id" {
  type = string
}
