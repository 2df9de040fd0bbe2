import type { Target } from '../target/resolve-target.js';
import type { WireRequest } from './wire-request.js';

/** One object as a listing shows it: no checksum (neither S3 nor GCS lists one), so a HEAD asks for it. */
export interface ListedObject {
  key: string;
  size: number;
  etag: string;
}

export interface ListedPage {
  objects: ListedObject[];
  /** Where the next page starts: a continuation token, or (stores that give none) after the last key. */
  next?: { token: string } | { startAfter: string };
}

/** S3 and the GCS XML API both answer at most 1,000 keys per page. */
const PAGE_KEYS = '1000';

/**
 * ListObjectsV2 (`list-type=2`), which S3 and the GCS XML API both take; only keys under `prefix`.
 * S3 is asked for `encoding-type=url`: XML 1.0 cannot carry a key's control characters (S3 then
 * sends a page no parser reads), and it turns a key's `\r` into `\n`, another key. GCS is not:
 * its object names hold no carriage return or line feed, and its documentation does not say that
 * an encoded page says so (readListPage decodes only a page that does).
 */
export function listObjectsRequest(target: Target, prefix: string, next?: ListedPage['next']): WireRequest {
  const query: Record<string, string> = { 'list-type': '2', 'max-keys': PAGE_KEYS, prefix };
  if (target.dialect === 's3') query['encoding-type'] = 'url';
  if (next && 'token' in next) query['continuation-token'] = next.token;
  if (next && 'startAfter' in next) query['start-after'] = next.startAfter;
  return { method: 'GET', origin: target.origin, path: target.bucketPath, query, headers: {} };
}
