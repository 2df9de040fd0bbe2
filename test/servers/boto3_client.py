"""Independent S3 client for the conformance suite (boto3 from the machine image's Python).

usage: boto3_client.py, then one request per line on stdin, each a JSON object
{"args": [ENDPOINT, COMMAND, BUCKET, KEY?], "keys": {"accessKeyId": ..., "secretAccessKey": ...} or
null (test/test: moto without auth)}, each answered by one line of JSON on stdout:
       get BUCKET KEY   -> {"size": N, "sha256": "...", "contentType": ..., "cacheControl": ...,
                            "metadata": {...}} or {"error": CODE}
       uploads BUCKET   -> {"uploads": [{"key": ..., "uploadId": ...}]}
       create BUCKET    -> {}
       iam-user NAME    -> {"accessKeyId": ..., "secretAccessKey": ...}
                           (an IAM user allowed everything, with a key)
A request that raises gets {"failed": "..."} and the next one is served. It ends at the end of stdin:
one process for a whole test file, as starting Python and boto3 costs about 0.7 s.
"""
import hashlib
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


def answer(args: list, keys: dict) -> dict:
    endpoint, command, bucket = args[0:3]
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
            return {"accessKeyId": key["AccessKeyId"], "secretAccessKey": key["SecretAccessKey"]}
        if command == "get":
            got = s3.get_object(Bucket=bucket, Key=args[3])
            body = got["Body"]
            digest, size = hashlib.sha256(), 0
            for chunk in iter(lambda: body.read(8 << 20), b""):
                digest.update(chunk)
                size += len(chunk)
            return {
                "size": size, "sha256": digest.hexdigest(), "contentType": got.get("ContentType"),
                "cacheControl": got.get("CacheControl"), "metadata": got.get("Metadata", {}),
            }
        if command == "uploads":
            found = s3.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
            return {"uploads": [{"key": u["Key"], "uploadId": u["UploadId"]} for u in found]}
        if command == "create":
            s3.create_bucket(Bucket=bucket)
            return {}
        raise SystemExit(f"unknown command {command}")
    except ClientError as error:
        return {"error": error.response["Error"]["Code"]}


def keys_from(given) -> dict:
    return {
        "aws_access_key_id": given["accessKeyId"] if given else "test",
        "aws_secret_access_key": given["secretAccessKey"] if given else "test",
    }


def main() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        try:
            reply = answer(request["args"], keys_from(request.get("keys")))
        except Exception as error:  # the caller gets it as a failed call, and the server goes on
            reply = {"failed": f"{type(error).__name__}: {error}"}
        print(json.dumps(reply), flush=True)


main()
