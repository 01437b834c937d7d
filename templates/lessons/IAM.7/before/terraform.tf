resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length        = 8
  require_lowercase_characters   = false
  require_uppercase_characters   = false
  require_numbers                = false
  require_symbols                = false
  password_reuse_prevention      = 1
  max_password_age               = 365
  allow_users_to_change_password = true
}
