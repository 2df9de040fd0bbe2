import type { StoredObject } from '../../store/multipart-store.js';
import type { Answer } from '../answer.js';
import { checksumHeaderName } from '../../checksums/checksum-algorithm.js';
import { EmulatorError } from '../../store/emulator-error.js';
import { checksumHeadersOf } from '../checksum-headers.js';
import type { Exchange } from '../handler-context.js';
import { headerOf } from '../request-header.js';
import { byteRangeOf, partRangeOf, type ByteRange } from './byte-range.js';
import { notModified } from './read-condition.js';
import { isVersionNamed, noSuchVersion } from './version-selector.js';

/**
 * GetObject and HeadObject as S3 and GCS serve them: conditions (304, 412), one byte range or one
 * part (206 with Content-Range), the stored checksums (the chosen algorithm's with
 * x-amz-checksum-mode: ENABLED), GCS's generation and hash headers.
 */
export async function readObject(ex: Exchange): Promise<Answer> {
  const { ctx, req, record, query } = ex;
  const object = ctx.store.getObject(record.bucket, record.key);
  if (!isVersionNamed(query, object)) throw noSuchVersion(query);
  // S3's archive classes are read only once restored (which this emulator does not do); HEAD still answers.
  if (record.action === 'get-object' && ARCHIVED.has(object.attributes['x-amz-storage-class'] ?? '')) {
    throw new EmulatorError(403, 'InvalidObjectState', "The operation is not valid for the object's storage class");
  }
  const identity = identityHeaders(object);
  if (notModified(req, object)) return { status: 304, headers: identity };
  const size = object.blob.size;
  const partNumber = query.get('partNumber');
  if (partNumber !== null && headerOf(req, 'range') !== undefined) {
    throw new EmulatorError(400, 'InvalidRequest', 'Cannot specify both Range header and partNumber query parameter');
  }
  const part = partNumber === null ? undefined : partRangeOf(partNumber, size, object.parts);
  // An empty object's one part has no byte to name in a Content-Range: it is served whole.
  const range: ByteRange | undefined = part && part.end > part.start ? part : part ? undefined : byteRangeOf(headerOf(req, 'range'), size);
  const headers: Record<string, string> = {
    ...object.attributes,
    ...identity,
    'accept-ranges': 'bytes',
    'content-length': String(range ? range.end - range.start : size),
    'x-goog-stored-content-length': String(size),
    'x-goog-stored-content-encoding': object.attributes['content-encoding'] ?? 'identity',
  };
  // Only a multipart object has a parts count (S3's PartsCount); a single PUT is read as its own part 1.
  if (part && object.parts) headers['x-amz-mp-parts-count'] = String(part.count);
  if (range) headers['content-range'] = `bytes ${range.start}-${range.end - 1}/${size}`;
  // A part read gives that part's checksum, which S3 keeps in the upload's algorithm.
  const partChecksum = part && object.checksum && object.parts?.[Number(partNumber) - 1]?.checksum;
  if (partChecksum && checksumMode(ex)) headers[checksumHeaderName(object.checksum!.algorithm)] = partChecksum;
  // A checksum describes the whole object: a client checking it against a range would fail.
  else if (!range) Object.assign(headers, checksumHeadersOf(object.blob, ctx.profile, checksumMode(ex) ? object.checksum : undefined));
  // GCS gives a whole object's MD5 beside its CRC32C, where it has one (not for a multipart object).
  if (!range && object.md5 && headers['x-goog-hash']) headers['x-goog-hash'] += `,md5=${object.md5.toString('base64')}`;
  // A GET's response-* parameters set the answer's headers (presigned downloads rely on them).
  for (const [parameter, name] of RESPONSE_OVERRIDES) {
    const value = record.action === 'get-object' ? query.get(parameter) : null;
    if (value !== null) headers[name] = value;
  }
  const body = record.action === 'get-object' ? () => object.blob.read(range?.start, range?.end) : undefined;
  return { status: range ? 206 : 200, headers, body };
}

const ARCHIVED = new Set(['GLACIER', 'DEEP_ARCHIVE']);

const RESPONSE_OVERRIDES = [
  ['response-content-type', 'content-type'],
  ['response-content-disposition', 'content-disposition'],
  ['response-content-encoding', 'content-encoding'],
  ['response-content-language', 'content-language'],
  ['response-cache-control', 'cache-control'],
  ['response-expires', 'expires'],
] as const;

function identityHeaders(object: StoredObject): Record<string, string> {
  return {
    etag: object.etag,
    'last-modified': object.lastModified.toUTCString(),
    'x-goog-generation': String(object.generation),
    'x-goog-metageneration': '1',
  };
}

function checksumMode(ex: Exchange): boolean {
  return headerOf(ex.req, 'x-amz-checksum-mode')?.toUpperCase() === 'ENABLED';
}
