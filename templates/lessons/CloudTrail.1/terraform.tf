resource "aws_cloudtrail" "account" {
  name                          = "account-trail"
  s3_bucket_name                = var.trail_bucket
  enable_logging                = true
  is_multi_region_trail         = true
  include_global_service_events = true
  kms_key_id                    = var.trail_key_arn
  enable_log_file_validation    = true
}

variable "trail_bucket" {
  type = string
}

variable "trail_key_arn" {
  type = string
}
