import type { Dispatcher } from 'undici';
import { authorizeRequest } from '../auth/authorize-request.js';
import { crc32cToBase64 } from '../core/crc32c-combine.js';
import { crc32cFromHeaders } from '../core/multipart-requests.js';
import { PartpushError } from '../errors.js';
import { toPartpushError } from '../http/network-error.js';
import { header, serviceError } from '../http/service-error.js';
import type { SessionCache } from '../http/session-cache.js';
import { pathWithQuery, type WireRequest } from '../http/wire-request.js';
import { openPartReader } from '../source/part-reader.js';
import { watchCancellation } from './cancel-watch.js';
import { partBody } from './part-body.js';
import type { PartResult, PartTask } from './part-task.js';
import { SharedCounters } from './shared-counters.js';

/**
 * Sends one part (or a whole small object) and returns its ETag. This one function serves both
 * modes: a worker calls it with its own sessions, inline mode calls it on the main thread.
 */
export async function sendPart(task: PartTask, sessions: SessionCache): Promise<PartResult> {
  const counters = new SharedCounters(task.counters);
  const what = task.query.partNumber ? `part ${task.partNumber}` : 'object upload';
  const reader = openPartReader(task.source, task.offset, task.length);
  let succeeded = false;
  try {
    let sent = 0;
    let stallTimer: NodeJS.Timeout | undefined;
    const part = await partBody(reader, {
      dialect: task.dialect,
      length: task.length,
      checksum: task.checksum,
      onChunk: (n) => {
        sent += n;
        counters.addBytesSent(n);
        stallTimer?.refresh();
      },
      isCancelled: () => counters.cancelled,
    });
    const request: WireRequest = {
      method: 'PUT',
      origin: task.transport.origin,
      path: task.path,
      query: task.query,
      headers: {
        ...part.headers,
        // Some stores (moto) keep 0 bytes of a PUT whose content type looks like a form.
        'content-type': 'application/octet-stream',
      },
    };
    const headers = await authorizeRequest(request, task.auth);
    const controller = new AbortController();
    const unwatch = watchCancellation(counters, controller);
    // Per attempt and per stall, never one deadline over a whole part: a 5 GiB part on a slow link
    // may take many minutes, but never a minute without progress.
    let stalled = false;
    stallTimer = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, task.stallTimeoutMs);
    try {
      const response = await sessions.get(task.transport).request({
        path: pathWithQuery(request),
        method: 'PUT',
        headers,
        // undici sends any iterable (its types list only streams and buffers).
        body: part.body as unknown as Dispatcher.RequestOptions['body'],
        // Lets undici put this PUT on an HTTP/2 session beside others (it holds back non-idempotent
        // requests). Safe: a part PUT with the same bytes can be repeated.
        idempotent: true,
        signal: controller.signal,
      });
      const text = await response.body.text();
      if (response.statusCode !== 200) {
        throw serviceError(what, response.statusCode, response.headers, text, { partNumber: task.partNumber });
      }
      const etag = header(response.headers, 'etag');
      if (!etag) {
        throw new PartpushError('PARTPUSH_SERVICE_ERROR', `${what}: the store answered 200 without an ETag`,
          { status: 200, partNumber: task.partNumber, retryable: true });
      }
      const crc = part.crc32c();
      if (task.checksum && crc === undefined) {
        throw new PartpushError('PARTPUSH_SERVICE_ERROR',
          `${what}: the store answered 200 after ${sent} of the ${task.length} bytes had been sent`,
          { status: 200, partNumber: task.partNumber, retryable: true });
      }
      if (crc !== undefined) checkReportedChecksum(what, task.partNumber, response.headers, crc);
      counters.addPartDone();
      succeeded = true;
      return { partNumber: task.partNumber, etag, length: task.length, crc32c: crc, attempts: task.attempt };
    } catch (error) {
      counters.addBytesSent(-sent);
      if (counters.cancelled) throw new PartpushError('PARTPUSH_ABORTED', `${what}: cancelled`, { partNumber: task.partNumber });
      if (stalled) {
        throw new PartpushError('PARTPUSH_NETWORK_ERROR',
          `${what}: stalled: no progress for ${task.stallTimeoutMs / 1000} s (${sent} of ${task.length} bytes sent)`,
          { partNumber: task.partNumber, retryable: true, causeCode: 'STALLED' });
      }
      throw toPartpushError(error, what, { partNumber: task.partNumber });
    } finally {
      clearTimeout(stallTimer);
      unwatch();
    }
  } finally {
    // Only after the request has settled: undici may still pull the body until then.
    reader.close(succeeded);
  }
}

/**
 * The part's CRC32C as the store reports it (GCS: `x-goog-hash`, S3: `x-amz-checksum-crc32c`) must
 * be the one of the bytes sent. This is GCS's only check of a part sent with the checksum computed
 * while sending: its XML API takes no trailer. Not retried, like a store's own BadDigest: bytes that
 * change between the socket and the store are a fault to report, not to paper over.
 */
function checkReportedChecksum(what: string, partNumber: number, headers: Record<string, string | string[] | undefined>, crc: number): void {
  const reported = crc32cFromHeaders(headers);
  if (reported === undefined || reported === crc32cToBase64(crc)) return;
  throw new PartpushError('PARTPUSH_CHECKSUM_MISMATCH',
    `${what}: the store reports CRC32C ${reported} for the bytes it received, the bytes sent make ${crc32cToBase64(crc)}; ` +
    'the upload was stopped and aborted: check the network path (proxies) to the store, then upload again',
    { partNumber, retryable: false });
}
