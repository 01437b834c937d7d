resource "aws_sqs_queue" "orders" {
  name              = "order-events"
  kms_master_key_id = "alias/aws/sqs"
}
