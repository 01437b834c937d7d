resource "aws_iam_user" "reports_job" {
  name = "reports-job"
}

# A long-lived access key: it works until someone remembers to rotate or delete it.
resource "aws_iam_access_key" "reports_job" {
  user = aws_iam_user.reports_job.name
}
