resource "aws_lambda_permission" "invoice_upload" {
  statement_id  = "AllowInvoiceBucket"
  action        = "lambda:InvokeFunction"
  function_name = "process-invoice"
  principal     = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::example-invoices"
  source_account = "111122223333"
}
