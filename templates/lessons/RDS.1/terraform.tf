resource "aws_db_snapshot" "nightly" {
  db_instance_identifier = var.db_instance_identifier
  db_snapshot_identifier = "orders-nightly"
  shared_accounts        = ["222233334444"]
}

variable "db_instance_identifier" {
  type = string
}
