import { createHash } from 'node:crypto';
import { crc32cToBase64 } from '../checksum/crc32c-combine.js';
import { matchesStoredChecksum } from '../checksum/stored-checksum.js';
import type { Dialect } from '../target/resolve-target.js';
import { PartpushError } from '../errors.js';
import type { PartResult } from '../lane/lane-task.js';

/** An object as a HEAD shows it. */
export interface ObjectHead {
  /** Undefined when the answer carried no usable Content-Length: unknown, not zero and not wrong. */
  size?: number;
  etag: string;
  /** The store's CRC32C of the object: full-object (GCS, FULL_OBJECT S3) or composite `xxx-N` (S3). */
  crc32c?: string;
  /** GCS: the object's generation (`x-goog-generation`), for a delete of exactly this object. */
  generation?: string;
  /** GCS: how many components a composed or multipart object has (`x-goog-component-count`). */
  componentCount?: number;
  /** S3: `FULL_OBJECT` or `COMPOSITE`, when the store says which its CRC32C is. */
  checksumType?: string;
  /** The CRC32C partpush recorded in the object's metadata when it uploaded it (RECORDED_CRC32C). */
  recordedCrc32c?: string;
}

/**
 * The user-metadata name under which `sync` records the whole file's CRC32C (base64) as it uploads
 * it: for stores that keep no full-object CRC32C (S3's composite multipart checksums, stores
 * without checksums), the next sync still compares content, not times.
 */
export const RECORDED_CRC32C = 'partpush-crc32c';

/** What a Complete was for: the bytes sent, and whether the store was asked to check the whole object's CRC32C. */
export interface ExpectedObject {
  size: number;
  /** The whole object's CRC32C, combined from the parts' (absent without checksums). */
  objectCrc?: number;
  fullObject: boolean;
}

/**
 * Whether the object at the key is provably the one these parts make, after a Complete whose
 * answer was lost. A size alone proves nothing: another writer's object of the same size is not
 * this upload's. Proof is what only these bytes give:
 * - S3: the multipart ETag computed from the part ETags received (`md5(part MD5s)-N`, where part
 *   ETags are MD5s, as on AWS, MinIO, Ceph and Swift), or the store's CRC32C of the object (whole
 *   or composite) equal to the one the parts make;
 * - GCS: the object's CRC32C equal to the source's, and its component count the part count where
 *   the store reports one.
 */
export function ownsObject(head: ObjectHead, dialect: Dialect, parts: readonly PartResult[], expected: ExpectedObject): boolean {
  if (head.size !== undefined && head.size !== expected.size) return false;
  const crcMatches =
    expected.objectCrc !== undefined &&
    head.crc32c !== undefined &&
    matchesStoredChecksum(
      head.crc32c,
      expected.objectCrc,
      parts.map((p) => ({ crc32c: p.crc32c ?? 0, length: p.length })),
    );
  if (dialect === 'gcs') {
    const wholeCrc = expected.objectCrc !== undefined && head.crc32c === crc32cToBase64(expected.objectCrc);
    return wholeCrc && (head.componentCount === undefined || head.componentCount === parts.length);
  }
  const etag = multipartEtag(parts);
  return (etag !== undefined && unquote(head.etag) === etag) || crcMatches;
}

/** S3's ETag of a multipart object from its parts' ETags, when those are MD5s (32 hex digits). */
export function multipartEtag(parts: readonly PartResult[]): string | undefined {
  const digests = parts.map((p) => unquote(p.etag));
  if (digests.some((d) => !/^[0-9a-f]{32}$/i.test(d))) return undefined;
  const md5 = createHash('md5');
  for (const digest of digests) md5.update(Buffer.from(digest, 'hex'));
  return `${md5.digest('hex')}-${parts.length}`;
}

function unquote(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"|"$/g, '');
}

/** A Complete's answer was lost, the upload is gone, and the object at the key is not provably this upload's. */
export function outcomeUnknown(uploadId: string, head: ObjectHead | undefined, size: number): PartpushError {
  const found = head
    ? `the object now at the key (${head.size ?? 'unknown'} bytes, ETag ${head.etag || 'none'}) cannot be proved to be this upload's ${size} bytes`
    : 'no object could be read at the key (not found, or HEAD refused)';
  return new PartpushError(
    'PARTPUSH_OUTCOME_UNKNOWN',
    `completing the multipart upload: an earlier attempt's answer was lost, and the store no longer knows upload ${uploadId} ` +
      `(completed by that attempt, or aborted by someone else); ${found}. Nothing was deleted: check the object, and upload again if it is not yours`,
    { status: 404, serviceCode: 'NoSuchUpload', retryable: false },
  );
}
