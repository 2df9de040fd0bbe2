import type { CredentialSource } from '../auth/credential-source.js';
import { buildCompleteXml, parseCompleteXml, parseErrorXml, parseInitiateXml, parseListPartsXml, parseListUploadsXml, type ListedPart, type ListedUpload } from '../core/multipart-xml.js';
import { abortRequest, completeRequest, initiateRequest, listPartsRequest, listUploadsRequest } from '../core/multipart-requests.js';
import { crc32cToBase64 } from '../core/crc32c-combine.js';
import type { Target } from '../core/resolve-target.js';
import { PartpushError } from '../errors.js';
import { sendControl } from '../http/send-control.js';
import { serviceError } from '../http/service-error.js';
import type { SessionCache } from '../http/session-cache.js';
import type { TransportSpec } from '../http/transport-spec.js';
import type { PartResult } from './part-task.js';

/** What the control calls of one upload need: where, how, and as whom. */
export interface StoreContext {
  sessions: SessionCache;
  transport: TransportSpec;
  target: Target;
  credentials: CredentialSource;
}

export async function initiateUpload(ctx: StoreContext, checksum: boolean): Promise<string> {
  const what = 'initiating the multipart upload';
  const response = await sendControl(ctx.sessions, ctx.transport, initiateRequest(ctx.target, checksum), await ctx.credentials.material(), what);
  if (response.status !== 200) throw serviceError(what, response.status, response.headers, response.body);
  const uploadId = parseInitiateXml(response.body);
  if (!uploadId) {
    throw new PartpushError('PARTPUSH_SERVICE_ERROR', `${what}: the answer had no UploadId (${response.body.slice(0, 200)})`, { status: 200 });
  }
  return uploadId;
}

/**
 * Completes with the ETags in part order. A 200 is not enough: S3 may answer 200 and then an
 * `<Error>` document when it fails while assembling a large object.
 */
export async function completeUpload(ctx: StoreContext, uploadId: string, parts: readonly PartResult[], checksum: boolean): Promise<string> {
  const what = 'completing the multipart upload';
  const xml = buildCompleteXml(parts.map((p) => ({
    partNumber: p.partNumber,
    etag: p.etag,
    checksumCrc32c: checksum && ctx.target.dialect === 's3' && p.crc32c !== undefined ? crc32cToBase64(p.crc32c) : undefined,
  })));
  const response = await sendControl(ctx.sessions, ctx.transport, completeRequest(ctx.target, uploadId, xml), await ctx.credentials.material(), what, { body: xml });
  if (response.status !== 200 || parseErrorXml(response.body)) {
    throw serviceError(what, response.status, response.headers, response.body);
  }
  const completed = parseCompleteXml(response.body);
  if (!completed) {
    throw new PartpushError('PARTPUSH_SERVICE_ERROR', `${what}: the answer was not a CompleteMultipartUploadResult (${response.body.slice(0, 200)})`, { status: 200, retryable: true });
  }
  return completed.etag ?? '';
}

/** Time an abort gets, from its own clock: the upload it cleans up after may have been cancelled. */
const ABORT_TIMEOUT_MS = 15_000;

/** Deletes the upload's parts. 204 and 404 (already gone) both leave nothing billed behind. */
export async function abortUpload(ctx: StoreContext, uploadId: string): Promise<void> {
  const what = 'aborting the multipart upload';
  const response = await sendControl(ctx.sessions, ctx.transport, abortRequest(ctx.target, uploadId), await ctx.credentials.material(), what, { timeoutMs: ABORT_TIMEOUT_MS });
  if (response.status !== 204 && response.status !== 200 && response.status !== 404) {
    throw serviceError(what, response.status, response.headers, response.body);
  }
}

export async function listParts(ctx: StoreContext, uploadId: string): Promise<ListedPart[]> {
  const what = 'listing the uploaded parts';
  const parts: ListedPart[] = [];
  let marker: string | undefined;
  for (;;) {
    const response = await sendControl(ctx.sessions, ctx.transport, listPartsRequest(ctx.target, uploadId, marker), await ctx.credentials.material(), what);
    if (response.status !== 200) throw serviceError(what, response.status, response.headers, response.body);
    const page = parseListPartsXml(response.body);
    parts.push(...page.parts);
    if (!page.truncated || !page.nextMarker) return parts;
    marker = page.nextMarker;
  }
}

export async function listUploads(ctx: StoreContext, prefix?: string): Promise<ListedUpload[]> {
  const what = 'listing multipart uploads';
  const response = await sendControl(ctx.sessions, ctx.transport, listUploadsRequest(ctx.target, prefix), await ctx.credentials.material(), what);
  if (response.status !== 200) throw serviceError(what, response.status, response.headers, response.body);
  return parseListUploadsXml(response.body).uploads;
}
