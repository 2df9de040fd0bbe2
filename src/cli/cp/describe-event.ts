import type { RetryEvent } from '../../core/retry-event.js';
import { formatSize } from '../../core/sizes.js';
import type { LinkEvent, UploadEvent } from '../../core/upload-event.js';

/** One line of --verbose for an event (never a credential: events carry none). */
export function describeEvent(event: UploadEvent): string {
  switch (event.type) {
    case 'protocol':
      return `${event.protocol} to ${event.origin} (${event.why ? `HTTP/1.1 instead of HTTP/2: ${event.why}` : HOW[event.how]})${event.proxy ? `, through the proxy ${event.proxy}` : ''}`;
    case 'link':
      return describeLink(event);
    case 'lanes':
      return `parts in flight: ${event.lanes} (${event.why})`;
    case 'initiated':
      return `multipart upload started: ${event.uploadId}`;
    case 'resumed':
      return `resuming multipart upload ${event.uploadId}: ${event.partsReused} part${event.partsReused === 1 ? '' : 's'} already stored`;
    case 'retry':
      return `${event.what}: ${cause(event)}; attempt ${event.attempt + 1} of ${event.maxAttempts} in ${seconds(event.delayMs)}`;
    case 'connection':
      return `connection to ${event.origin} ${event.change === 'connected' ? 'opened' : 'closed'} (thread ${event.threadId})${event.reason ? `: ${event.reason}` : ''}`;
    case 'fallback':
      return event.from === 'full-object'
        ? `the store refused a whole-object CRC32C (${event.reason}); the parts' CRC32C still travel (${event.to})`
        : `the store refused the CRC32C ${event.from === 'crc32c' ? 'sent while sending' : 'in a header'} (${event.reason}); sending ${event.to === 'none' ? 'without a checksum' : 'the CRC32C in a header'} instead`;
    case 'read-back':
      return `the store reports CRC32C ${event.reported} for the object, the source's is ${event.source}; read back, its bytes make the source's: the store's checksum is not the CRC32C of its bytes`;
    case 'completed':
      return event.etag === '' ? 'completed (the store sent no ETag)' : `completed, ETag ${event.etag}`;
    case 'aborted':
      return `multipart upload ${event.uploadId} aborted`;
  }
}

function describeLink(event: LinkEvent): string {
  const measured =
    event.rttMs === undefined
      ? 'round trip not measured'
      : `round trip ${event.rttMs.toFixed(1)} ms (${TIMED_BY[event.timedBy ?? 'first-answer']})`;
  const granted =
    event.initialWindowSize === undefined
      ? ''
      : `; the server granted a ${formatSize(event.initialWindowSize)} stream window and ${event.maxConcurrentStreams ?? 'unlimited'} streams per session`;
  const per = event.connectionsPerThread === 1 ? 'connection' : 'connections';
  return `${measured}${granted}; ${event.streamsPerThread} parts in flight over ${event.connectionsPerThread} ${per} per thread × ${event.threads} (connections ${event.chosen === 'auto' ? 'auto' : 'as asked'})`;
}

const TIMED_BY = { ping: 'HTTP/2 PING', 'tls-handshake': 'TLS 1.3 handshake', 'first-answer': 'the first answer' } as const;

/** What the progress line says while a part is being retried. */
export function retryNote(event: RetryEvent): string {
  return `retrying ${event.what}: ${cause(event)}, attempt ${event.attempt + 1} in ${seconds(event.delayMs)}`;
}

const HOW = {
  alpn: 'chosen by TLS ALPN',
  forced: 'as --http asks',
  cleartext: 'cleartext HTTP/1.1',
  'h2c-probe': 'the server answered the HTTP/2 preface: h2c',
  'round-trip': 'HTTP/1.1 instead of HTTP/2, for the round trip',
  proxy: 'cleartext HTTP/1.1, as a forward proxy relays it',
} as const;

function cause(event: RetryEvent): string {
  if (event.status !== undefined) return `${event.status}${event.serviceCode ? ` ${event.serviceCode}` : ''}`;
  return event.causeCode ?? event.code;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
