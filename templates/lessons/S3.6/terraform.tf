resource "aws_s3_bucket" "reports" {
  bucket = "example-team-reports"
}

resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{
      Sid       = "ReportsReaders"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/reports-reader" }
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.reports.arn}/*"
    },
    {
      Sid       = "DenyOtherAccountsChangingAccess"
      Effect    = "Deny"
      Principal = "*"
      Action    = ["s3:DeleteBucketPolicy", "s3:PutBucketAcl", "s3:PutBucketPolicy", "s3:PutEncryptionConfiguration", "s3:PutObjectAcl"]
      Resource  = [aws_s3_bucket.reports.arn, "${aws_s3_bucket.reports.arn}/*"]
      Condition = { StringNotEquals = { "aws:PrincipalAccount" = "111122223333" } }
    }]
  })
}
