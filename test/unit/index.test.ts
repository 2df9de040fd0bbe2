import { describe, expect, it } from 'vitest';
import * as partpush from '../../src/index.js';
import type {
  AuthOption,
  ExplicitCredentials,
  HttpChoice,
  Mode,
  PoolOptions,
  Progress,
  RetryEvent,
  RetryPolicy,
  SourceInput,
  TransferOptions,
  UploadEvent,
  UploadOptions,
  UploadResult,
} from '../../src/index.js';

// The types a user writes options with: every one reachable from UploadOptions is exported (this
// file does not compile otherwise: `npm test` type-checks the tests).
const http: HttpChoice = '2';
const retry: RetryPolicy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };
const auth: AuthOption = { accessKeyId: 'AKID', secretAccessKey: 'secret' } satisfies ExplicitCredentials;
const mode: Mode = 'inline';
const onEvent = (event: UploadEvent) => (event.type === 'retry' ? (event satisfies RetryEvent).delayMs : 0);
const onProgress = (p: Progress) => p.bytesSent;
const pool: PoolOptions = { mode, workers: 2 };
const transfer: TransferOptions = { http, retry, auth, onEvent, onProgress, partSize: '64M' };
const options: UploadOptions = { ...pool, ...transfer };
const source: SourceInput = new SharedArrayBuffer(1);
const done = (r: UploadResult) => r.partsReused;

describe('the package entry', () => {
  it('exports the API, and the types its options are made of', () => {
    expect(Object.keys(partpush).sort()).toEqual(['PartpushError', 'createUploader', 'formatSize', 'parseSize', 'startEmulator', 'upload']);
    expect([options.workers, options.http, typeof source, typeof done]).toEqual([2, '2', 'object', 'function']);
  });
});
