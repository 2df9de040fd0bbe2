"""Independent S3 client for the conformance suite (boto3 from the machine image's Python).

usage: boto3_client.py ENDPOINT get BUCKET KEY   -> {"size": N, "sha256": "..."} or {"error": CODE}
       boto3_client.py ENDPOINT uploads BUCKET   -> {"uploads": [{"key": ..., "uploadId": ...}]}
       boto3_client.py ENDPOINT create BUCKET    -> {}
"""
import hashlib
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


def main() -> None:
    endpoint, command, bucket = sys.argv[1:4]
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
    )
    try:
        if command == "get":
            body = s3.get_object(Bucket=bucket, Key=sys.argv[4])["Body"]
            digest, size = hashlib.sha256(), 0
            for chunk in iter(lambda: body.read(8 << 20), b""):
                digest.update(chunk)
                size += len(chunk)
            print(json.dumps({"size": size, "sha256": digest.hexdigest()}))
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
