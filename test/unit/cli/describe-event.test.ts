import { describe, expect, it } from 'vitest';
import { describeEvent, retryNote } from '../../../src/cli/cp/describe-event.js';

const retry = {
  what: 'part 7',
  partNumber: 7,
  attempt: 1,
  maxAttempts: 8,
  delayMs: 1234,
  code: 'PARTPUSH_SERVICE_ERROR' as const,
  status: 503,
  serviceCode: 'SlowDown',
  message: 'part 7: the store answered HTTP 503 (SlowDown: Please reduce your request rate.)',
};

describe('what --verbose and the progress line say', () => {
  it("a retry, with the store's words and the wait", () => {
    expect(describeEvent({ type: 'retry', ...retry })).toBe('part 7: 503 SlowDown; attempt 2 of 8 in 1.2 s');
    expect(retryNote(retry)).toBe('retrying part 7: 503 SlowDown, attempt 2 in 1.2 s');
    expect(
      retryNote({ ...retry, status: undefined, serviceCode: undefined, code: 'PARTPUSH_NETWORK_ERROR', causeCode: 'ECONNRESET' }),
    ).toBe('retrying part 7: ECONNRESET, attempt 2 in 1.2 s');
  });

  it('a change of the parts in flight, with the rates compared', () => {
    expect(
      describeEvent({
        type: 'lanes',
        lanes: 11,
        why: '14 lanes moved 90 MiB/s against 109 MiB/s on 11: back to 11',
        trace: { levels: [], parts: [] },
      }),
    ).toBe('parts in flight: 11 (14 lanes moved 90 MiB/s against 109 MiB/s on 11: back to 11)');
  });

  it("the protocol, the connections and the upload's start and end", () => {
    expect(describeEvent({ type: 'protocol', origin: 'https://s3.example', protocol: 'h2', how: 'alpn' })).toBe(
      'h2 to https://s3.example (chosen by TLS ALPN)',
    );
    expect(describeEvent({ type: 'protocol', origin: 'http://127.0.0.1:9', protocol: 'h2c', how: 'h2c-probe' })).toBe(
      'h2c to http://127.0.0.1:9 (the server answered the HTTP/2 preface: h2c)',
    );
    expect(
      describeEvent({ type: 'connection', change: 'disconnected', origin: 'https://s3.example', threadId: 2, reason: 'other side closed' }),
    ).toBe('connection to https://s3.example closed (thread 2): other side closed');
    expect(describeEvent({ type: 'initiated', uploadId: 'u-1', destination: 's3://b/k', origin: 'http://s' })).toBe(
      'multipart upload started: u-1',
    );
    expect(describeEvent({ type: 'resumed', uploadId: 'u-1', destination: 's3://b/k', origin: 'http://s', partsReused: 1 })).toBe(
      'resuming multipart upload u-1: 1 part already stored',
    );
    expect(describeEvent({ type: 'completed', uploadId: 'u-1', destination: 's3://b/k', etag: '"abc-3"' })).toBe('completed, ETag "abc-3"');
    expect(describeEvent({ type: 'aborted', uploadId: 'u-1', destination: 's3://b/k' })).toBe('multipart upload u-1 aborted');
  });
});
