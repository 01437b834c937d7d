resource "aws_ebs_snapshot" "backup" {
  volume_id = var.volume_id
}

# Shared with one named account, never with "all".
resource "aws_snapshot_create_volume_permission" "restore_account" {
  snapshot_id = aws_ebs_snapshot.backup.id
  account_id  = "222233334444"
}

variable "volume_id" {
  type = string
}
