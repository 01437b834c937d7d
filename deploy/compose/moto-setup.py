"""Makes the EventBridge rule and the SQS queue of README "EventBridge connector" in moto, once."""
import json

import boto3

aws = dict(endpoint_url="http://moto:5000", region_name="us-east-1",
           aws_access_key_id="testing", aws_secret_access_key="testing")
sqs = boto3.client("sqs", **aws)
events = boto3.client("events", **aws)

queue_url = sqs.create_queue(QueueName="redress-findings")["QueueUrl"]
queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
events.put_rule(Name="redress-findings", EventPattern=json.dumps(
    {"source": ["aws.securityhub"], "detail-type": ["Security Hub Findings - Imported"]}))
events.put_targets(Rule="redress-findings", Targets=[{"Id": "redress", "Arn": queue_arn}])
print("queue", queue_url, "receives Security Hub findings from rule redress-findings")
