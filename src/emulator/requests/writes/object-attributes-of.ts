import { STORAGE_CLASSES } from '../../../target/object-attributes.js';
import { EmulatorError } from '../../store/emulator-error.js';
import { headerOf, type EmulatorRequest } from '../request-header.js';

/** Storage classes the emulator takes, in either dialect: the ones the stores document. */
const STORAGE_CLASS_NAMES = new Set([...STORAGE_CLASSES.s3, ...STORAGE_CLASSES.gcs]);

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
    if (!STORAGE_CLASS_NAMES.has(storageClass))
      throw new EmulatorError(400, 'InvalidStorageClass', 'The storage class you specified is not valid');
    attributes[name] = storageClass;
  }
  return attributes;
}
