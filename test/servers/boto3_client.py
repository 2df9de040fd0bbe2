"""Independent S3 client for the conformance suite (boto3 from the machine image's Python).

usage: boto3_client.py ENDPOINT get BUCKET KEY   -> {"size": N, "sha256": "...", "contentType": ..., "cacheControl": ...,
                                                     "metadata": {...}} or {"error": CODE}
       boto3_client.py ENDPOINT uploads BUCKET   -> {"uploads": [{"key": ..., "uploadId": ...}]}
       boto3_client.py ENDPOINT create BUCKET    -> {}
       boto3_client.py ENDPOINT iam-user NAME    -> {"accessKeyId": ..., "secretAccessKey": ...}
                                                    (an IAM user allowed everything, with a key)
Keys: BOTO3_ACCESS_KEY_ID and BOTO3_SECRET_ACCESS_KEY, else test/test (moto without auth).
"""
import os
import hashlib
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


def main() -> None:
    endpoint, command, bucket = sys.argv[1:4]
    keys = {
        "aws_access_key_id": os.environ.get("BOTO3_ACCESS_KEY_ID", "test"),
        "aws_secret_access_key": os.environ.get("BOTO3_SECRET_ACCESS_KEY", "test"),
    }
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
        **keys,
    )
    try:
        if command == "iam-user":
            iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1", **keys)
            iam.create_user(UserName=bucket)
            key = iam.create_access_key(UserName=bucket)["AccessKey"]
            policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
            iam.put_user_policy(UserName=bucket, PolicyName="all", PolicyDocument=json.dumps(policy))
            print(json.dumps({"accessKeyId": key["AccessKeyId"], "secretAccessKey": key["SecretAccessKey"]}))
            return
        if command == "get":
            answer = s3.get_object(Bucket=bucket, Key=sys.argv[4])
            body = answer["Body"]
            digest, size = hashlib.sha256(), 0
            for chunk in iter(lambda: body.read(8 << 20), b""):
                digest.update(chunk)
                size += len(chunk)
            print(json.dumps({
                "size": size, "sha256": digest.hexdigest(), "contentType": answer.get("ContentType"),
                "cacheControl": answer.get("CacheControl"), "metadata": answer.get("Metadata", {}),
            }))
        elif command == "uploads":
            found = s3.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
            print(json.dumps({"uploads": [{"key": u["Key"], "uploadId": u["UploadId"]} for u in found]}))
        elif command == "create":
            s3.create_bucket(Bucket=bucket)
            print(json.dumps({}))
        else:
            raise SystemExit(f"unknown command {command}")
    except ClientError as error:
        print(json.dumps({"error": error.response["Error"]["Code"]}))


main()
