import { EmulatorError } from '../store/emulator-error.js';
import { headerOf, type EmulatorRequest } from './request-header.js';

/** Storage classes the emulator takes, in either dialect (what S3 and GCS document). */
const STORAGE_CLASSES = new Set([
  'STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE', 'GLACIER_IR',
  'OUTPOSTS', 'SNOW', 'EXPRESS_ONEZONE', 'NEARLINE', 'COLDLINE', 'ARCHIVE', 'MULTI_REGIONAL', 'REGIONAL', 'DURABLE_REDUCED_AVAILABILITY',
]);

/**
 * The headers of a PUT or an initiate that the object keeps and answers HEAD and GET with: content
 * type (application/octet-stream when none was sent, as both stores serve it), cache control,
 * either dialect's user metadata and storage class. An unknown storage class is refused with S3's
 * answer (GCS answers 400 too).
 */
export function objectAttributesOf(req: EmulatorRequest): Record<string, string> {
  const attributes: Record<string, string> = { 'content-type': headerOf(req, 'content-type') ?? 'application/octet-stream' };
  const cacheControl = headerOf(req, 'cache-control');
  if (cacheControl !== undefined) attributes['cache-control'] = cacheControl;
  for (const name of Object.keys(req.headers)) {
    if (name.startsWith('x-amz-meta-') || name.startsWith('x-goog-meta-')) attributes[name] = headerOf(req, name)!;
  }
  for (const name of ['x-amz-storage-class', 'x-goog-storage-class']) {
    const storageClass = headerOf(req, name);
    if (storageClass === undefined) continue;
    if (!STORAGE_CLASSES.has(storageClass)) throw new EmulatorError(400, 'InvalidStorageClass', 'The storage class you specified is not valid');
    attributes[name] = storageClass;
  }
  return attributes;
}
