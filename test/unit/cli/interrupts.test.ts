import { describe, expect, it } from 'vitest';
import { stillOpen } from '../../../src/cli/cp/interrupts.js';

describe('an upload left open when the CLI must exit', () => {
  it('s3:// on AWS: the upload id, bucket and key, and the aws-cli command that aborts it, quoted for a shell', () => {
    expect(stillOpen('u-1', "s3://bkt/dir/it's.bin", 'https://s3.eu-west-1.amazonaws.com')).toBe(
      "multipart upload u-1 of s3://bkt/dir/it's.bin may still be open; abort it with: " +
        "aws s3api abort-multipart-upload --bucket 'bkt' --key 'dir/it'\\''s.bin' --upload-id 'u-1'",
    );
  });

  it('s3:// elsewhere (MinIO, R2, the emulator): the command names the endpoint', () => {
    expect(stillOpen('u-2', 's3://bkt/k', 'http://127.0.0.1:9000')).toMatch(
      /abort it with: aws s3api abort-multipart-upload --endpoint-url 'http:\/\/127\.0\.0\.1:9000' --bucket 'bkt' --key 'k' --upload-id 'u-2'$/,
    );
  });

  it('gs://: the XML API DELETE at its store, with a token from gcloud', () => {
    expect(stillOpen('ABC', 'gs://bkt/a b/c', 'https://storage.googleapis.com')).toBe(
      'multipart upload ABC of gs://bkt/a b/c may still be open; abort it with: ' +
        `curl -X DELETE -H "Authorization: Bearer $(gcloud auth print-access-token)" 'https://storage.googleapis.com/bkt/a%20b/c?uploadId=ABC'`,
    );
  });
});
