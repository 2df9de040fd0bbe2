import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { PartpushError } from '../errors.js';
import type { Dialect } from './resolve-target.js';

/** What the stored object carries besides its bytes, and the condition it is written under. */
export interface ObjectAttributes {
  /** Guessed from the file name when not given (see contentTypeFor). */
  contentType?: string;
  cacheControl?: string;
  /** User metadata: stored as `x-amz-meta-NAME` (S3) or `x-goog-meta-NAME` (GCS); names are case-insensitive. */
  metadata?: Record<string, string>;
  /** e.g. STANDARD, STANDARD_IA, GLACIER_IR (S3); STANDARD, NEARLINE, COLDLINE, ARCHIVE (GCS). */
  storageClass?: string;
  /** Write only if no object has the key, atomically at the store (never a HEAD before the write). */
  ifNotExists?: boolean;
  /** Write only if the bytes read have this CRC32C (base64): checked by partpush before the object is made. */
  expectCrc32c?: string;
}

/**
 * Storage classes each store documents. Checked before anything is sent: a typo otherwise fails
 * only at the store (after a multipart upload was started), or is taken as the bucket's default by
 * a store that ignores what it does not know.
 */
export const STORAGE_CLASSES: Record<Dialect, readonly string[]> = {
  s3: [
    'STANDARD',
    'REDUCED_REDUNDANCY',
    'STANDARD_IA',
    'ONEZONE_IA',
    'INTELLIGENT_TIERING',
    'GLACIER',
    'DEEP_ARCHIVE',
    'GLACIER_IR',
    'OUTPOSTS',
    'SNOW',
    'EXPRESS_ONEZONE',
  ],
  gcs: ['STANDARD', 'NEARLINE', 'COLDLINE', 'ARCHIVE', 'MULTI_REGIONAL', 'REGIONAL', 'DURABLE_REDUCED_AVAILABILITY'],
};

/** S3's limit on user metadata (names and values, in bytes); GCS allows 8 KiB of custom headers. */
const METADATA_LIMIT: Record<Dialect, number> = { s3: 2048, gcs: 8192 };

/** An HTTP header name (RFC 9110 token): what both stores take as a metadata name. */
const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
/** Header values travel as US-ASCII: stores and proxies mangle or refuse anything else. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Checks the attributes for the destination's dialect and returns them with the storage class in
 * its canonical upper case. Throws PARTPUSH_INVALID_OPTION naming the option and what to do.
 */
export function checkObjectAttributes(attributes: ObjectAttributes, dialect: Dialect): ObjectAttributes {
  const { contentType, cacheControl, metadata, storageClass } = attributes;
  if (contentType !== undefined) headerValue('contentType', contentType, /^[^\s/]+\/[^\s/;]+/);
  if (cacheControl !== undefined) headerValue('cacheControl', cacheControl);
  if (metadata !== undefined) checkMetadata(metadata, dialect);
  if (attributes.expectCrc32c !== undefined) crc32cFromBase64(attributes.expectCrc32c);
  let canonicalClass: string | undefined;
  if (storageClass !== undefined) {
    canonicalClass = storageClass.toUpperCase().replace(/-/g, '_');
    const known = STORAGE_CLASSES[dialect];
    if (!known.includes(canonicalClass)) {
      throw invalid(
        'storageClass',
        `storageClass "${storageClass}" is not ${dialect === 's3' ? 'an S3' : 'a GCS'} storage class; use one of ${known.join(', ')}`,
      );
    }
  }
  return { ...attributes, storageClass: canonicalClass };
}

/**
 * The content type to store: the one asked for, else the file name's extension in the MIME table
 * (`mime`, from mime-db), else application/octet-stream (streams and memory have no name to go by).
 * Only a real extension counts: mime.getType takes a bare name as an extension, which stored a file
 * named `f` as text/x-fortran and one named `c` as C source. A leading dot (`.bashrc`) is no
 * extension either.
 */
export function contentTypeFor(asked: string | undefined, fileName: string | undefined): string {
  if (asked !== undefined) return asked;
  const name = fileName === undefined ? '' : basename(fileName);
  const dot = name.lastIndexOf('.');
  return (dot > 0 && dot < name.length - 1 ? mimeTypes().getType(name) : undefined) ?? 'application/octet-stream';
}

let mimeTable: { getType: (name: string) => string | null } | undefined;

/** The MIME table, loaded on the first file named (25 ms): a sync with nothing to send never needs it. */
function mimeTypes() {
  mimeTable ??= (createRequire(import.meta.url)('mime') as { default: NonNullable<typeof mimeTable> }).default;
  return mimeTable;
}

function checkMetadata(metadata: Record<string, string>, dialect: Dialect): void {
  const seen = new Set<string>();
  let bytes = 0;
  for (const [name, value] of Object.entries(metadata)) {
    if (!TOKEN.test(name)) {
      throw invalid(
        'metadata',
        `metadata name "${name}" is not a valid header name; use letters, digits and - _ . (no spaces, no ":" or "=")`,
      );
    }
    const lower = name.toLowerCase();
    if (seen.has(lower)) throw invalid('metadata', `metadata name "${name}" is given twice (names are case-insensitive); give it once`);
    seen.add(lower);
    if (typeof value !== 'string') throw invalid('metadata', `metadata "${name}" must be a string, got ${typeof value}`);
    headerValue('metadata', value, undefined, `metadata "${name}"`);
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
  }
  if (bytes > METADATA_LIMIT[dialect]) {
    throw invalid(
      'metadata',
      `metadata is ${bytes} bytes of names and values; ${dialect === 's3' ? 'S3' : 'GCS'} allows ${METADATA_LIMIT[dialect]}`,
    );
  }
}

function headerValue(option: string, value: string, shape?: RegExp, label = option): void {
  if (typeof value !== 'string' || !PRINTABLE_ASCII.test(value) || value.trim() !== value) {
    throw invalid(
      option,
      `${label} must be printable ASCII without leading or trailing spaces (it travels as an HTTP header), got ${JSON.stringify(value)}`,
    );
  }
  if (shape && !shape.test(value))
    throw invalid(option, `${label} must look like TYPE/SUBTYPE (e.g. text/plain), got ${JSON.stringify(value)}`);
}

function invalid(option: string, message: string): PartpushError {
  return new PartpushError('PARTPUSH_INVALID_OPTION', message, { option });
}

/** A CRC32C as stores spell it (base64 of its four big-endian bytes), as a number. */
export function crc32cFromBase64(text: string): number {
  const bytes = Buffer.from(text, 'base64');
  if (typeof text !== 'string' || bytes.length !== 4 || bytes.toString('base64') !== text) {
    throw invalid('expectCrc32c', `expectCrc32c must be a CRC32C in base64 (4 bytes, e.g. "yZRlqg=="), got ${JSON.stringify(text)}`);
  }
  return bytes.readUInt32BE(0);
}
