resource "aws_db_instance" "orders" {
  identifier                  = "orders"
  engine                      = "postgres"
  instance_class              = "db.t4g.micro"
  allocated_storage           = 20
  username                    = "orders_admin"
  manage_master_user_password = true
  storage_encrypted           = true
  db_subnet_group_name        = var.private_subnet_group
  publicly_accessible         = true
}

variable "private_subnet_group" {
  type = string
}
