"""Creates misconfigured and compliant resources in a moto account for the Prowler acceptance test.

Run with AWS_ENDPOINT_URL pointing at moto; prints the ids Prowler will report, one per line, as name=value.
"""
import sys

import boto3

run = sys.argv[1]
s3 = boto3.client("s3", region_name="us-east-1")
ec2 = boto3.client("ec2", region_name="us-east-1")

public = f"{run}-public"
private = f"{run}-private"
s3.create_bucket(Bucket=public)
s3.create_bucket(Bucket=private)
s3.put_public_access_block(
    Bucket=private,
    PublicAccessBlockConfiguration={
        "BlockPublicAcls": True,
        "IgnorePublicAcls": True,
        "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True,
    },
)
s3.put_bucket_versioning(Bucket=private, VersioningConfiguration={"Status": "Enabled"})

vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]


def open_group(name, port):
    group = ec2.create_security_group(GroupName=name, Description=f"{name} open to the world", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=group,
        IpPermissions=[{"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
    )
    return group


print(f"public-bucket={public}")
print(f"private-bucket={private}")
print(f"ssh-group={open_group(run + '-ssh', 22)}")
print(f"rdp-group={open_group(run + '-rdp', 3389)}")
print(f"muted-group={open_group(run + '-muted', 22)}")
