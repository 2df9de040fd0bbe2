import { crc32cFromBase64, type ObjectAttributes } from './object-attributes.js';
import type { Dialect } from './resolve-target.js';

/** What the request that creates the object carries (plain data: it crosses to workers for single PUTs). */
export interface ObjectWrite {
  /** The object's attributes (content type, cache control, metadata, storage class). */
  headers: Record<string, string>;
  /** Its condition (no-clobber): on the single PUT, or on the Complete. */
  condition: Record<string, string>;
  /** The caller's CRC32C of the whole source (expectCrc32c), checked by partpush before the object is made. */
  expectCrc32c?: number;
}

export function objectWrite(dialect: Dialect, attributes: ObjectAttributes & { contentType: string }): ObjectWrite {
  return {
    headers: objectHeaders(dialect, attributes),
    condition: conditionHeaders(dialect, attributes.ifNotExists),
    expectCrc32c: attributes.expectCrc32c === undefined ? undefined : crc32cFromBase64(attributes.expectCrc32c),
  };
}

/**
 * The headers that give a new object its attributes, in the dialect's spelling: on a single PUT,
 * or on the initiate of a multipart upload (both stores take them there and apply them at Complete).
 * `contentType` is already resolved (never absent on the wire: some stores keep a form content type's
 * body as 0 bytes, moto among them).
 */
export function objectHeaders(dialect: Dialect, attributes: ObjectAttributes & { contentType: string }): Record<string, string> {
  const prefix = dialect === 's3' ? 'x-amz-' : 'x-goog-';
  const headers: Record<string, string> = { 'content-type': attributes.contentType };
  if (attributes.cacheControl !== undefined) headers['cache-control'] = attributes.cacheControl;
  if (attributes.storageClass !== undefined) headers[`${prefix}storage-class`] = attributes.storageClass;
  for (const [name, value] of Object.entries(attributes.metadata ?? {})) headers[`${prefix}meta-${name.toLowerCase()}`] = value;
  return headers;
}

/**
 * The condition that makes the write that creates the object (the single PUT, or the Complete)
 * refuse to replace one: S3's `If-None-Match: *` (PutObject and CompleteMultipartUpload, since
 * 2024), GCS's `x-goog-if-generation-match: 0`. The store checks it atomically with the write; a
 * HEAD first would race another writer.
 */
export function conditionHeaders(dialect: Dialect, ifNotExists: boolean | undefined): Record<string, string> {
  if (!ifNotExists) return {};
  return dialect === 's3' ? { 'if-none-match': '*' } : { 'x-goog-if-generation-match': '0' };
}
