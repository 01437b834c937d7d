resource "aws_kms_key" "orders" {
  description         = "Encrypts the orders data"
  enable_key_rotation = false
}
