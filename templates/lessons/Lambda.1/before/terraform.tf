resource "aws_lambda_permission" "invoice_upload" {
  statement_id  = "AllowInvoiceBucket"
  action        = "lambda:InvokeFunction"
  function_name = "process-invoice"
  principal     = "*"
}
