import type { WireRequest } from './wire-request.js';
import { crc32cToBase64 } from '../checksum/crc32c-combine.js';
import type { Dialect, Target } from '../target/resolve-target.js';

/**
 * The multipart calls as plain requests. GCS's XML API and S3 share paths, queries and XML; they
 * differ only in how a checksum is spelled and in S3 wanting the algorithm declared up front.
 */
export function checksumHeaders(dialect: Dialect, crc: number | undefined): Record<string, string> {
  if (crc === undefined) return {};
  return dialect === 'gcs' ? { 'x-goog-hash': `crc32c=${crc32cToBase64(crc)}` } : { 'x-amz-checksum-crc32c': crc32cToBase64(crc) };
}

/**
 * The CRC32C in `x-goog-hash`, if it carries one. GCS sends one header per hash (`crc32c=...`, then
 * `md5=...`), which HTTP clients hand over as an array; proxies may fold them into one, comma-joined.
 */
export function crc32cFromGoogHash(value: string | readonly string[] | undefined): string | undefined {
  const hashes = (typeof value === 'string' ? [value] : (value ?? [])).flatMap((v) => v.split(','));
  return hashes
    .map((s) => s.trim())
    .find((s) => s.startsWith('crc32c='))
    ?.slice('crc32c='.length);
}

/**
 * The base64 CRC32C that a request or an answer carries, in either store's spelling (`x-goog-hash`,
 * `x-amz-checksum-crc32c`): the inverse of checksumHeaders.
 */
export function crc32cFromHeaders(headers: Record<string, string | readonly string[] | undefined>): string | undefined {
  const amz = headers['x-amz-checksum-crc32c'];
  return crc32cFromGoogHash(headers['x-goog-hash']) ?? (typeof amz === 'string' ? amz : amz?.[0]);
}

/** ETags compare without their quotes or weak marker: stores and clients disagree on both. */
export function sameEtag(a: string, b: string): boolean {
  const bare = (etag: string) => etag.replace(/^W\//, '').replace(/"/g, '').trim();
  return bare(a) === bare(b);
}

/** `object`: the new object's attributes (objectHeaders), which both stores take at initiate. */
/**
 * What a new multipart upload declares of its checksums: none, the parts' CRC32C (S3 refuses part
 * checksums on an upload that did not declare their algorithm at creation), or also the whole
 * object's (FULL_OBJECT: the store checks the assembled object's CRC32C at Complete).
 */
export type DeclaredChecksum = 'none' | 'parts' | 'full-object';

export function initiateRequest(target: Target, checksum: DeclaredChecksum, object: Record<string, string> = {}): WireRequest {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream', ...object, 'content-length': '0' };
  if (checksum !== 'none' && target.dialect === 's3') {
    headers['x-amz-checksum-algorithm'] = 'CRC32C';
    if (checksum === 'full-object') headers['x-amz-checksum-type'] = 'FULL_OBJECT';
  }
  return { method: 'POST', origin: target.origin, path: target.objectPath, query: { uploads: '' }, headers };
}

export function partQuery(uploadId: string, partNumber: number): Record<string, string> {
  return { partNumber: String(partNumber), uploadId };
}

/**
 * `condition`: the no-clobber condition (conditionHeaders), checked by the store as it completes.
 * `objectCrc`: the whole object's CRC32C, for an S3 upload created with FULL_OBJECT.
 */
export function completeRequest(
  target: Target,
  uploadId: string,
  xml: string,
  condition: Record<string, string> = {},
  objectCrc?: string,
): WireRequest {
  const checksum: Record<string, string> =
    objectCrc === undefined ? {} : { 'x-amz-checksum-crc32c': objectCrc, 'x-amz-checksum-type': 'FULL_OBJECT' };
  return {
    method: 'POST',
    origin: target.origin,
    path: target.objectPath,
    query: { uploadId },
    headers: { ...condition, ...checksum, 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(xml)) },
  };
}

export function abortRequest(target: Target, uploadId: string): WireRequest {
  return { method: 'DELETE', origin: target.origin, path: target.objectPath, query: { uploadId }, headers: {} };
}

export function listPartsRequest(target: Target, uploadId: string, marker?: string): WireRequest {
  const query: Record<string, string> = { uploadId };
  if (marker) query['part-number-marker'] = marker;
  return { method: 'GET', origin: target.origin, path: target.objectPath, query, headers: {} };
}

export function headObjectRequest(target: Target): WireRequest {
  // S3 reports stored checksums only when asked.
  const headers: Record<string, string> = target.dialect === 's3' ? { 'x-amz-checksum-mode': 'ENABLED' } : {};
  return { method: 'HEAD', origin: target.origin, path: target.objectPath, query: {}, headers };
}

/** `ifMatch`: deletes only the object with that ETag (S3) or generation (GCS), as just read. */
export function deleteObjectRequest(target: Target, ifMatch?: ObjectMatch): WireRequest {
  return { method: 'DELETE', origin: target.origin, path: target.objectPath, query: {}, headers: matchHeaders(target, ifMatch) };
}

/** The object's bytes, only while it is the one with that ETag (S3) or generation (GCS). */
export function getObjectRequest(target: Target, ifMatch: ObjectMatch): WireRequest {
  return { method: 'GET', origin: target.origin, path: target.objectPath, query: {}, headers: matchHeaders(target, ifMatch) };
}

/** One version of an object, as a HEAD showed it. */
export interface ObjectMatch {
  etag?: string;
  generation?: string;
}

function matchHeaders(target: Target, ifMatch: ObjectMatch | undefined): Record<string, string> {
  if (target.dialect === 'gcs' && ifMatch?.generation) return { 'x-goog-if-generation-match': ifMatch.generation };
  return ifMatch?.etag ? { 'if-match': ifMatch.etag } : {};
}
