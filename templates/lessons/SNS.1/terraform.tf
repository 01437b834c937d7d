resource "aws_sns_topic" "orders" {
  name              = "order-events"
  kms_master_key_id = "alias/aws/sns"
}
