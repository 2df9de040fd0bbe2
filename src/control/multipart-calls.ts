import type { CredentialSource } from '../auth/credential-source.js';
import type { SignerCache } from '../auth/signer-cache.js';
import {
  buildCompleteXml,
  parseCompleteXml,
  parseErrorXml,
  parseInitiateXml,
  parseListPartsXml,
  type ListedPart,
} from '../wire/multipart-xml.js';
import {
  abortRequest,
  completeRequest,
  type DeclaredChecksum,
  crc32cFromHeaders,
  headObjectRequest,
  initiateRequest,
  listPartsRequest,
} from '../wire/multipart-requests.js';
import { crc32cToBase64 } from '../checksum/crc32c-combine.js';
import type { ObjectWrite } from '../target/object-headers.js';
import type { Target } from '../target/resolve-target.js';
import type { RetryPolicy } from '../core/retry-policy.js';
import type { UploadEvent } from '../core/upload-event.js';
import { PartpushError } from '../errors.js';
import { outcomeUnknown, ownsObject, RECORDED_CRC32C, type ExpectedObject, type ObjectHead } from './object-ownership.js';

export type { ExpectedObject, ObjectHead };
import { sendControl, type ControlOptions, type ControlResponse } from '../http/send-control.js';
import { header, serviceError } from '../http/service-error.js';
import type { SessionCache } from '../http/session-cache.js';
import type { TransportSpec } from '../http/transport-spec.js';
import type { WireRequest } from '../wire/wire-request.js';
import type { PartResult } from '../lane/lane-task.js';
import { withRetries } from '../lane/with-retries.js';

/** What the control calls of one upload need: where, how, as whom, and how patiently. */
export interface StoreContext {
  /** The main thread's sessions and signers. */
  thread: { sessions: SessionCache; signers: SignerCache };
  transport: TransportSpec;
  target: Target;
  credentials: CredentialSource;
  retry: RetryPolicy;
  /** The new object's attributes and condition, for initiate and Complete (absent: none). */
  object?: ObjectWrite;
  signal?: AbortSignal;
  /** Told of each retry of a control call. */
  onEvent?: (event: UploadEvent) => void;
}

/**
 * The document a 200 answer carries, read by `parse`; a store's error otherwise, and an answer
 * that is not the document (a proxy's page, a truncated body) a failure to retry.
 */
export function documentOf<T>(what: string, name: string, response: ControlResponse, parse: (body: string) => T | undefined): T {
  if (response.status !== 200) throw serviceError(what, response.status, response.headers, response.body);
  const document = parse(response.body);
  if (document === undefined) {
    throw new PartpushError('PARTPUSH_SERVICE_ERROR', `${what}: the answer was not a ${name} (${response.body.slice(0, 200)})`, {
      status: 200,
      retryable: true,
    });
  }
  return document;
}

/** One control call with retries; `accept` maps a response to a result or throws. */
export function call<T>(
  ctx: StoreContext,
  what: string,
  request: () => WireRequest,
  accept: (r: ControlResponse, attempt: number) => Promise<T> | T,
  options: ControlOptions & { retry?: RetryPolicy } = {},
): Promise<T> {
  return withRetries(
    async (attempt) => {
      const response = await sendControl(ctx.thread, ctx.transport, request(), await ctx.credentials.material(), what, options);
      return accept(response, attempt);
    },
    { policy: options.retry ?? ctx.retry, signal: ctx.signal, what, onRetry: (event) => ctx.onEvent?.({ type: 'retry', ...event }) },
  );
}

export function initiateUpload(ctx: StoreContext, checksum: DeclaredChecksum): Promise<string> {
  const what = 'initiating the multipart upload';
  return call(
    ctx,
    what,
    () => initiateRequest(ctx.target, checksum, ctx.object?.headers),
    (response) => {
      if (response.status !== 200) throw serviceError(what, response.status, response.headers, response.body);
      const uploadId = parseInitiateXml(response.body);
      if (!uploadId) {
        throw new PartpushError('PARTPUSH_SERVICE_ERROR', `${what}: the answer had no UploadId (${response.body.slice(0, 200)})`, {
          status: 200,
          retryable: true,
        });
      }
      return uploadId;
    },
  );
}

/**
 * A Complete has no deadline, only this much silence: S3 documents that it can take minutes (it
 * answers 200 at once and sends whitespace meanwhile), GCS "several minutes" (possibly in silence).
 * Cutting it short and sending it again races the first one, which may well succeed.
 */
const COMPLETE_IDLE_TIMEOUT_MS = 10 * 60_000;

export interface CompletedObject {
  etag: string;
  /** The object's CRC32C as the store reported it in the Complete answer, if it did. */
  crc32c?: string;
}

/**
 * Completes with the ETags in part order. A 200 is not enough: S3 may answer 200 and then an
 * `<Error>` document when it fails while assembling a large object; that is retried like a 5xx.
 * A retry that meets NoSuchUpload may follow an attempt that succeeded but whose answer was lost,
 * or someone else's abort: the object at the key counts as this upload's only when the store
 * proves it (object-ownership.ts); otherwise the outcome is unknown, and nothing is touched.
 */
export function completeUpload(
  ctx: StoreContext,
  uploadId: string,
  parts: readonly PartResult[],
  checksum: boolean,
  expected: ExpectedObject,
): Promise<CompletedObject> {
  const what = 'completing the multipart upload';
  const xml = buildCompleteXml(
    parts.map((p) => ({
      partNumber: p.partNumber,
      etag: p.etag,
      checksumCrc32c: checksum && ctx.target.dialect === 's3' && p.crc32c !== undefined ? crc32cToBase64(p.crc32c) : undefined,
    })),
  );
  const objectCrc = expected.fullObject && expected.objectCrc !== undefined ? crc32cToBase64(expected.objectCrc) : undefined;
  return call(
    ctx,
    what,
    () => completeRequest(ctx.target, uploadId, xml, ctx.object?.condition, objectCrc),
    async (response, attempt) => {
      const error = parseErrorXml(response.body);
      if (attempt > 1 && response.status === 404 && error?.code === 'NoSuchUpload') {
        const object = await headObject(ctx);
        if (object && ownsObject(object, ctx.target.dialect, parts, expected)) return { etag: object.etag, crc32c: object.crc32c };
        throw outcomeUnknown(uploadId, object, expected.size);
      }
      if (response.status !== 200 || error) throw serviceError(what, response.status, response.headers, response.body);
      const completed = parseCompleteXml(response.body);
      if (!completed) {
        throw new PartpushError(
          'PARTPUSH_SERVICE_ERROR',
          `${what}: the answer was not a CompleteMultipartUploadResult (${response.body.slice(0, 200)})`,
          { status: 200, retryable: true },
        );
      }
      return { etag: completed.etag ?? '', crc32c: completed.checksumCrc32c ?? header(response.headers, 'x-amz-checksum-crc32c') };
    },
    { body: xml, idleTimeoutMs: COMPLETE_IDLE_TIMEOUT_MS, deadlineMs: null },
  );
}

/** Abort gets its own clock and few attempts: it runs after a failure, often after a cancel. */
const ABORT_TIMEOUT_MS = 15_000;
const ABORT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 1_000, maxRetryAfterMs: 2_000 };

/** Abort rounds before parts still listed are reported rather than aborted again. */
const ABORT_ROUNDS = 3;

/**
 * Deletes the upload's parts, and checks that they are gone: AWS documents that parts being
 * uploaded while the abort runs may survive it, and that ListParts should be asked and the abort
 * repeated until none are left (leftover parts are billed; in GCS's colder classes, for a minimum
 * period). Done when the store no longer knows the upload (404 NoSuchUpload).
 */
export async function abortUpload(ctx: StoreContext, uploadId: string): Promise<void> {
  const what = 'aborting the multipart upload';
  // Not ctx.signal: the upload may be aborting precisely because that signal fired.
  const patient: StoreContext = { ...ctx, signal: undefined, retry: ABORT_RETRY };
  let left: ListedPart[] = [];
  for (let round = 1; round <= ABORT_ROUNDS; round++) {
    await call(
      patient,
      what,
      () => abortRequest(ctx.target, uploadId),
      (response) => {
        if (response.status !== 204 && response.status !== 200 && response.status !== 404) {
          throw serviceError(what, response.status, response.headers, response.body);
        }
      },
      { idleTimeoutMs: ABORT_TIMEOUT_MS },
    );
    try {
      left = await listParts(patient, uploadId, ABORT_TIMEOUT_MS);
    } catch (error) {
      if (error instanceof PartpushError && (error.serviceCode === 'NoSuchUpload' || error.status === 404)) return;
      throw error;
    }
    if (left.length === 0) return;
  }
  throw new PartpushError(
    'PARTPUSH_SERVICE_ERROR',
    `${what}: after ${ABORT_ROUNDS} aborts the store still lists ${left.length} part(s) of upload ${uploadId}; abort it again later (its parts are billed until then)`,
    { retryable: false },
  );
}

export async function listParts(ctx: StoreContext, uploadId: string, idleTimeoutMs?: number): Promise<ListedPart[]> {
  const what = 'listing the uploaded parts';
  const parts: ListedPart[] = [];
  let marker: string | undefined;
  for (;;) {
    const page = await call(
      ctx,
      what,
      () => listPartsRequest(ctx.target, uploadId, marker),
      (response) => documentOf(what, 'ListPartsResult', response, parseListPartsXml),
      { idleTimeoutMs },
    );
    parts.push(...page.parts);
    if (!page.truncated || !page.nextMarker) return parts;
    marker = page.nextMarker;
  }
}

/**
 * HEAD of the object; undefined when it does not exist or may not be read (403: a write-only key).
 * `cancellable`: a cancel cuts the HEAD in flight (a look before writing, not a check after one).
 */
export function headObject(ctx: StoreContext, cancellable = false): Promise<ObjectHead | undefined> {
  const what = "reading the stored object's size and checksum";
  return call(
    ctx,
    what,
    () => headObjectRequest(ctx.target),
    (response) => {
      if (response.status === 404 || response.status === 403) return undefined;
      if (response.status !== 200) throw serviceError(what, response.status, response.headers, response.body);
      const length = header(response.headers, 'content-length');
      const components = header(response.headers, 'x-goog-component-count');
      return {
        size: length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined,
        etag: header(response.headers, 'etag') ?? '',
        crc32c: crc32cFromHeaders(response.headers),
        generation: header(response.headers, 'x-goog-generation'),
        componentCount: components !== undefined && /^\d+$/.test(components) ? Number(components) : undefined,
        checksumType: header(response.headers, 'x-amz-checksum-type'),
        recordedCrc32c: header(response.headers, `x-${ctx.target.dialect === 's3' ? 'amz' : 'goog'}-meta-${RECORDED_CRC32C}`),
      };
    },
    { signal: cancellable ? ctx.signal : undefined },
  );
}
