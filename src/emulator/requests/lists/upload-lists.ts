import { xml, type Answer } from '../answer.js';
import type { Exchange } from '../handler-context.js';
import type { MultipartUpload } from '../../store/multipart-store.js';
import { markerOf, maxKeysOf } from './list-objects.js';
import { listPartsXml, listUploadsXml } from './upload-lists-xml.js';

/**
 * ListMultipartUploads, paged as S3 pages it: by key, then by upload (key-marker alone skips every
 * upload of that key; with upload-id-marker, those up to that one). With a delimiter, the keys
 * that share a part up to it are rolled up into one CommonPrefixes entry, which counts toward
 * max-uploads as one.
 */
export async function listUploads(ex: Exchange): Promise<Answer> {
  const { ctx, record, query } = ex;
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const keyMarker = query.get('key-marker') ?? '';
  const uploadIdMarker = query.get('upload-id-marker') ?? '';
  const maxUploads = maxKeysOf(query.get('max-uploads'), 'max-uploads');
  const all = ctx.store.listUploads(record.bucket, prefix);
  const markerAt = uploadIdMarker === '' ? -1 : all.findIndex((u) => u.key === keyMarker && u.id === uploadIdMarker);
  // A key-marker that is a rolled-up prefix (the page before ended on it) is past every key under it.
  const pastPrefix = delimiter !== '' && keyMarker.endsWith(delimiter) ? keyMarker : undefined;
  const after = all.filter(
    (u, i) =>
      (keyMarker === '' || u.key > keyMarker || (markerAt >= 0 && u.key === keyMarker && i > markerAt)) &&
      !(pastPrefix !== undefined && u.key.startsWith(pastPrefix)),
  );
  const uploads: MultipartUpload[] = [];
  const commonPrefixes: string[] = [];
  let truncated = false;
  for (const upload of after) {
    const at = delimiter === '' ? -1 : upload.key.indexOf(delimiter, prefix.length);
    const rolledUp = at < 0 ? undefined : upload.key.slice(0, at + delimiter.length);
    if (rolledUp !== undefined && rolledUp === commonPrefixes.at(-1)) continue;
    if (uploads.length + commonPrefixes.length >= maxUploads) {
      truncated = maxUploads > 0;
      break;
    }
    if (rolledUp === undefined) uploads.push(upload);
    else commonPrefixes.push(rolledUp);
  }
  const page = { bucket: record.bucket, prefix, delimiter, keyMarker, uploadIdMarker, maxUploads, uploads, commonPrefixes, truncated };
  return xml(200, listUploadsXml(page));
}

export async function listParts(ex: Exchange): Promise<Answer> {
  const { ctx, record, query } = ex;
  const upload = ctx.store.upload(record.bucket, record.key, query.get('uploadId') ?? '');
  const maxParts = maxKeysOf(query.get('max-parts'), 'max-parts');
  return xml(200, listPartsXml(upload, markerOf(query.get('part-number-marker'), 'part-number-marker'), maxParts));
}
