resource "aws_sns_topic" "orders" {
  name = "order-events"
}
