import { xml, type Answer } from '../answer.js';
import type { Exchange } from '../handler-context.js';
import { listPartsXml, listUploadsXml } from './upload-lists-xml.js';

/**
 * ListMultipartUploads, paged as S3 pages it: by key, then by upload (key-marker alone skips every
 * upload of that key; with upload-id-marker, those up to that one).
 */
export async function listUploads(ex: Exchange): Promise<Answer> {
  const { ctx, record, query } = ex;
  const prefix = query.get('prefix') ?? '';
  const keyMarker = query.get('key-marker') ?? '';
  const uploadIdMarker = query.get('upload-id-marker') ?? '';
  const maxUploads = Math.min(1000, Math.max(0, Number(query.get('max-uploads') ?? 1000) || 0));
  const all = ctx.store.listUploads(record.bucket, prefix);
  const markerAt = uploadIdMarker === '' ? -1 : all.findIndex((u) => u.key === keyMarker && u.id === uploadIdMarker);
  const after = all.filter((u, i) => keyMarker === '' || u.key > keyMarker || (markerAt >= 0 && u.key === keyMarker && i > markerAt));
  const uploads = after.slice(0, maxUploads);
  const truncated = after.length > uploads.length;
  return xml(200, listUploadsXml({ bucket: record.bucket, prefix, keyMarker, uploadIdMarker, maxUploads, uploads, truncated }));
}

export async function listParts(ex: Exchange): Promise<Answer> {
  const { ctx, record, query } = ex;
  const upload = ctx.store.upload(record.bucket, record.key, query.get('uploadId') ?? '');
  const maxParts = Math.min(1000, Number(query.get('max-parts') ?? 1000) || 1000);
  return xml(200, listPartsXml(upload, Number(query.get('part-number-marker') ?? 0) || 0, maxParts));
}
