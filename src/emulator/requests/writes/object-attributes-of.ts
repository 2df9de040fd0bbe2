import { STORAGE_CLASSES } from '../../../target/object-attributes.js';
import { EmulatorError } from '../../store/emulator-error.js';
import { headerOf, isGcsDialect, type EmulatorRequest } from '../request-header.js';

/** Headers an object keeps as sent and serves on GET and HEAD, as both stores do. */
const KEPT_HEADERS = ['cache-control', 'content-disposition', 'content-language', 'expires'];
/** User metadata, names (after the prefix) and values in UTF-8: S3 takes 2 KB, GCS 8 KiB. */
const S3_METADATA_BYTES = 2048;
const GCS_METADATA_BYTES = 8192;

/** Storage classes the emulator takes, in either dialect: the ones the stores document. */
const STORAGE_CLASS_NAMES = new Set([...STORAGE_CLASSES.s3, ...STORAGE_CLASSES.gcs]);

/**
 * The headers of a PUT or an initiate that the object keeps and answers HEAD and GET with: content
 * type (when none was sent, what each store serves: S3 binary/octet-stream, GCS
 * application/octet-stream), cache control,
 * content disposition, encoding (less aws-chunked) and language, expires, either dialect's user
 * metadata (at most the store's size: MetadataTooLarge) and storage class. An unknown storage
 * class is refused with S3's answer (GCS answers 400 too).
 */
export function objectAttributesOf(req: EmulatorRequest): Record<string, string> {
  const untyped = isGcsDialect(req) ? 'application/octet-stream' : 'binary/octet-stream';
  const attributes: Record<string, string> = { 'content-type': headerOf(req, 'content-type') ?? untyped };
  for (const name of KEPT_HEADERS) {
    const value = headerOf(req, name);
    if (value !== undefined) attributes[name] = value;
  }
  // aws-chunked describes how this request's body is framed, not the object: S3 keeps the rest.
  const encoding = (headerOf(req, 'content-encoding') ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '' && e !== 'aws-chunked');
  if (encoding.length > 0) attributes['content-encoding'] = encoding.join(',');
  const metadataBytes = { 'x-amz-meta-': 0, 'x-goog-meta-': 0 };
  for (const name of Object.keys(req.headers)) {
    const prefix = name.startsWith('x-amz-meta-') ? 'x-amz-meta-' : name.startsWith('x-goog-meta-') ? 'x-goog-meta-' : undefined;
    if (!prefix) continue;
    attributes[name] = headerOf(req, name)!;
    metadataBytes[prefix] += Buffer.byteLength(name.slice(prefix.length)) + Buffer.byteLength(attributes[name]);
  }
  if (metadataBytes['x-amz-meta-'] > S3_METADATA_BYTES || metadataBytes['x-goog-meta-'] > GCS_METADATA_BYTES) {
    throw new EmulatorError(400, 'MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size');
  }
  for (const name of ['x-amz-storage-class', 'x-goog-storage-class']) {
    const storageClass = headerOf(req, name);
    if (storageClass === undefined) continue;
    if (!STORAGE_CLASS_NAMES.has(storageClass))
      throw new EmulatorError(400, 'InvalidStorageClass', 'The storage class you specified is not valid');
    attributes[name] = storageClass;
  }
  return attributes;
}
