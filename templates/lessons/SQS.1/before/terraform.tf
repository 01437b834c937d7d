resource "aws_sqs_queue" "orders" {
  name = "order-events"
}
