import type { Dispatcher } from 'undici';
import { BandwidthCap } from '../bandwidth/bandwidth-cap.js';
import { throttledBody } from '../bandwidth/throttled-body.js';
import type { AuthMaterial } from '../auth/auth-material.js';
import { authorizeRequest } from '../auth/authorize-request.js';
import { crc32cToBase64 } from '../checksum/crc32c-combine.js';
import { crc32cFromHeaders, partQuery } from '../wire/multipart-requests.js';
import type { PartRange } from '../core/plan-parts.js';
import { pathWithQuery, type WireRequest } from '../wire/wire-request.js';
import { PartpushError } from '../errors.js';
import { toPartpushError } from '../http/network-error.js';
import { requestOn } from '../http/undici-parts.js';
import { header, serviceError } from '../http/service-error.js';
import { openPartReader, type PartReader } from '../source/part-reader.js';
import type { CompressedParts } from '../compress/compressed-parts.js';
import { openCompressedPartReader } from '../compress/compressed-part-reader.js';
import { AttemptWatch } from './attempt-watch.js';
import type { PartResult, UploadSpec } from './lane-task.js';
import { explainRefusal, partBody } from './part-body.js';
import type { ThreadContext } from './thread-context.js';
import type { UploadState } from './upload-state.js';
import { SentBytes } from '../transfer/sent-bytes.js';

/** One attempt at one part, as a lane makes it. */
export interface PartAttempt {
  upload: UploadSpec;
  part: PartRange;
  /** 1 for the first try. */
  attempt: number;
  auth: AuthMaterial;
  /** The upload's state on this thread: its stop signal ends the attempt. */
  state: UploadState;
  /** Called once, as undici takes the body's first bytes (after any connection's handshake). */
  onFirstBytes?: () => void;
}

/**
 * Sends one part (or a whole small object) and returns its ETag. This one function serves both
 * modes: a worker calls it with its own thread context, inline mode with the main thread's.
 */
export async function sendPart(attempt: PartAttempt, thread: ThreadContext): Promise<PartResult> {
  const { upload, part } = attempt;
  if (upload.compression) return sendCompressedPart(attempt, thread, upload.compression);
  const reader = openPartReader(upload.source, part.offset, part.length, thread, upload.chunkSize);
  let succeeded = false;
  try {
    const result = await sendFromReader(attempt, thread, reader);
    succeeded = true;
    return result;
  } finally {
    // Only after the request has settled: undici may still pull the body until then.
    reader.close(succeeded);
  }
}

/** The part's frames compressed in this thread, sent as the part's body; the frame table learns them once the store has them. */
async function sendCompressedPart(attempt: PartAttempt, thread: ThreadContext, spec: CompressedParts): Promise<PartResult> {
  const { upload, part, state } = attempt;
  const reader = await openCompressedPartReader(upload.source, part, spec, thread, upload.chunkSize, () => state.stopped);
  let succeeded = false;
  try {
    const result = await sendFromReader({ ...attempt, part: { ...part, length: reader.length } }, thread, reader);
    reader.record();
    // Progress counts the source's bytes, which the plan's total is made of: the part's uncompressed length.
    state.addBytesSent(part.length - reader.length);
    succeeded = true;
    return result;
  } finally {
    reader.close(succeeded);
  }
}

async function sendFromReader(attempt: PartAttempt, thread: ThreadContext, reader: PartReader): Promise<PartResult> {
  const { upload, part, state } = attempt;
  const { partNumber, length } = part;
  const what = upload.uploadId ? `part ${partNumber}` : 'object upload';
  const watch = new AttemptWatch(state, upload.stallTimeoutMs);
  const sent = new SentBytes(state, length, () => watch.progress(), attempt.onFirstBytes);
  const body = await partBody(reader, {
    dialect: upload.dialect,
    length,
    checksum: upload.checksum,
    expected: upload.expectCrc32c,
    whole: upload.uploadId === undefined,
    onChunk: (n) => sent.read(n, upload.bandwidth !== undefined),
    isCancelled: () => state.stopped,
  });
  const request = partRequest(upload, partNumber, body.headers);
  const headers = await authorizeRequest(request, attempt.auth, thread.signers);
  watch.start();
  const session = thread.sessions.get(upload.transport);
  let answered = false;
  try {
    const response = await requestOn(session, {
      path: pathWithQuery(request),
      method: 'PUT',
      headers,
      // undici sends any iterable (its types list only streams and buffers).
      body: capped(body.body, upload, state, (bytes) => {
        watch.progress();
        sent.release(bytes);
      }) as unknown as Dispatcher.RequestOptions['body'],
      // Lets undici put this PUT on an HTTP/2 session beside others (it holds back non-idempotent
      // requests). Safe: a part PUT with the same bytes can be repeated.
      idempotent: true,
      signal: watch.signal,
    });
    const text = await response.body.text();
    answered = true;
    sent.release();
    if (response.statusCode !== 200)
      throw await explainRefusal(serviceError(what, response.statusCode, response.headers, text, { partNumber }), reader, upload, body);
    const etag = header(response.headers, 'etag');
    if (!etag) {
      throw new PartpushError('PARTPUSH_SERVICE_ERROR', `${what}: the store answered 200 without an ETag`, {
        status: 200,
        partNumber,
        retryable: true,
      });
    }
    const crc = body.crc32c();
    if (upload.checksum && crc === undefined) {
      throw new PartpushError(
        'PARTPUSH_SERVICE_ERROR',
        `${what}: the store answered 200 after ${sent.sent} of the ${length} bytes had been sent`,
        { status: 200, partNumber, retryable: true },
      );
    }
    // A CRC32C computed only for expectCrc32c (no placement) was not sent: the store's is not asked for.
    const confirmed =
      crc !== undefined && upload.checksum !== undefined && checkReportedChecksum(what, upload, partNumber, response.headers, crc);
    if (length === 0) state.addPartSent(1);
    state.addPartDone();
    return { partNumber, etag, length, crc32c: crc, crc32cConfirmed: confirmed, attempts: attempt.attempt };
  } catch (error) {
    sent.takeBack();
    if (state.stopped) throw new PartpushError('PARTPUSH_ABORTED', `${what}: cancelled`, { partNumber });
    // A reset, a GOAWAY or a stall on this session: the next attempt goes to another.
    if (!answered) thread.sessions.reportFailure(upload.transport, session);
    if (watch.stalled) {
      throw new PartpushError(
        'PARTPUSH_NETWORK_ERROR',
        `${what}: stalled: no progress for ${upload.stallTimeoutMs / 1000} s (${sent.sent} of ${length} bytes sent)`,
        { partNumber, retryable: true, causeCode: 'STALLED' },
      );
    }
    throw toPartpushError(error, what, { partNumber });
  } finally {
    watch.end();
  }
}

/** The body under the Uploader's bandwidth cap, if it has one (the cap's turns are taken as undici pulls). */
function capped(body: Iterable<Buffer> | undefined, upload: UploadSpec, state: UploadState, onTurn: (bytes: number) => void) {
  if (body === undefined || upload.bandwidth === undefined) return body;
  return throttledBody(body, new BandwidthCap(upload.bandwidth), () => state.stopped, onTurn);
}

function partRequest(upload: UploadSpec, partNumber: number, bodyHeaders: Record<string, string>): WireRequest {
  return {
    method: 'PUT',
    origin: upload.transport.origin,
    path: upload.path,
    query: upload.uploadId ? partQuery(upload.uploadId, partNumber) : {},
    headers: {
      // Some stores (moto) keep 0 bytes of a PUT whose content type looks like a form.
      'content-type': 'application/octet-stream',
      // A single PUT creates the object: its attributes and condition travel with it.
      ...(upload.uploadId ? {} : { ...upload.object?.headers, ...upload.object?.condition }),
      ...bodyHeaders,
    },
  };
}

/**
 * The part's CRC32C as the store reports it (GCS: `x-goog-hash`, S3: `x-amz-checksum-crc32c`) must
 * be the one of the bytes sent; true when it was reported (confirmed), false when the answer
 * carried none. This is GCS's only check of a part sent with the checksum computed while sending:
 * its XML API takes no trailer, and it documents `x-goog-hash` on every part answer, so from GCS
 * itself a missing one is an error (other servers spoken to in its dialect, emulators among them,
 * may not report it: their parts are left unconfirmed). Not retried, like a store's own BadDigest: bytes that change between
 * the socket and the store are a fault to report, not to paper over.
 */
function checkReportedChecksum(
  what: string,
  upload: UploadSpec,
  partNumber: number,
  headers: Record<string, string | string[] | undefined>,
  crc: number,
): boolean {
  const reported = crc32cFromHeaders(headers);
  if (reported === crc32cToBase64(crc)) return true;
  if (reported === undefined) {
    if (upload.dialect !== 'gcs' || upload.checksum === 'crc32c-header' || !isGoogleCloudStorage(upload.transport.origin)) return false;
    throw new PartpushError(
      'PARTPUSH_SERVICE_ERROR',
      `${what}: the store answered without the part's CRC32C (no x-goog-hash), so the bytes it received cannot be checked; ` +
        'GCS reports it on every part: if this is another store, use the s3:// dialect, or --checksum none',
      { partNumber, status: 200, retryable: false },
    );
  }
  throw new PartpushError(
    'PARTPUSH_CHECKSUM_MISMATCH',
    `${what}: the store reports CRC32C ${reported} for the bytes it received, the bytes sent make ${crc32cToBase64(crc)}; ` +
      'the upload was stopped and aborted: check the network path (proxies) to the store, then upload again',
    { partNumber, retryable: false },
  );
}

function isGoogleCloudStorage(origin: string): boolean {
  const host = new URL(origin).hostname;
  return host === 'storage.googleapis.com' || host.endsWith('.storage.googleapis.com');
}
