# Workloads get temporary credentials from a role: there is no long-lived key to leak or rotate.
resource "aws_iam_role" "reports_job" {
  name = "reports-job"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }]
  })
}

resource "aws_iam_instance_profile" "reports_job" {
  name = "reports-job"
  role = aws_iam_role.reports_job.name
}
