import { PartpushError } from '../errors.js';
import { bucketNameProblem } from './bucket-name.js';

export type Scheme = 'gs' | 's3';

export interface Destination {
  scheme: Scheme;
  bucket: string;
  key: string;
}

/**
 * Parses `gs://bucket/key` or `s3://bucket/key`; the key keeps every character, slashes included.
 * `prefix`: the key may be empty (`s3://bucket/` names every object of the bucket, for a listing).
 */
export function parseDestination(text: string, prefix = false): Destination {
  const match = /^([a-zA-Z0-9]+):\/\/([^/]*)\/(.*)$/s.exec(text);
  const usage = 'expected gs://BUCKET/KEY or s3://BUCKET/KEY';
  if (!match) {
    throw new PartpushError('PARTPUSH_INVALID_DESTINATION', `destination "${text}": ${usage}`);
  }
  const [, rawScheme, bucket, key] = match as unknown as [string, string, string, string];
  const scheme = rawScheme.toLowerCase();
  if (scheme !== 'gs' && scheme !== 's3') {
    throw new PartpushError('PARTPUSH_INVALID_DESTINATION', `destination "${text}": unknown scheme "${rawScheme}://"; ${usage}`);
  }
  const problem = bucketNameProblem(bucket);
  if (problem) {
    throw new PartpushError('PARTPUSH_INVALID_DESTINATION', `destination "${text}": the bucket name "${bucket}" ${problem}`);
  }
  if (key.length === 0 && !prefix) {
    throw new PartpushError('PARTPUSH_INVALID_DESTINATION', `destination "${text}": the object key is empty; ${usage}`);
  }
  if (Buffer.byteLength(key) > 1024) {
    throw new PartpushError(
      'PARTPUSH_INVALID_DESTINATION',
      `destination "${text}": the object key is ${Buffer.byteLength(key)} bytes of UTF-8; GCS and S3 allow 1024`,
    );
  }
  return { scheme, bucket, key };
}

export function formatDestination(destination: Destination): string {
  return `${destination.scheme}://${destination.bucket}/${destination.key}`;
}
