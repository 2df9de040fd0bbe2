/**
 * The failures a multi-GB upload meets at scale, injected by the emulator one at a time and all at
 * once, in both modes: every recoverable run ends byte-exact with nothing left on the server, and
 * the server saw exactly the attempts the faults call for.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, upload, type Emulator, type FaultRule, type UploadOptions } from '../../dist/src/index.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';
import { readObject } from '../helpers/read-object.js';
import { tokenFingerprint } from '../../dist/src/emulator/requests/handle-request.js';

const MiB = 1024 * 1024;
const temp = makeTempDir();
let file: TestFile; // 8 parts of 5 MiB, the last one short
beforeAll(() => {
  file = makeRandomFile(temp.dir, 'm.bin', 38 * MiB);
});
afterAll(() => temp.remove());

interface Scenario {
  name: string;
  faults: FaultRule[];
  /** Part requests the server must see per part number (parts not named: 1). */
  partAttempts?: Record<number, number>;
  /** Requests of this action the server must see (e.g. complete: 2). */
  actionCount?: Partial<Record<'initiate' | 'complete', number>>;
  /** Other in-flight streams may fail with it (GOAWAY): counts are lower bounds. */
  atLeast?: boolean;
}

const part = (partNumber: number, fault: FaultRule['fault'], times = 1): FaultRule => ({ action: 'part', partNumber, times, fault });

const scenarios: Scenario[] = [
  {
    name: '503 SlowDown twice on one part',
    faults: [part(2, { kind: 'status', status: 503, code: 'SlowDown' }, 2)],
    partAttempts: { 2: 3 },
  },
  { name: '500 InternalError', faults: [part(3, { kind: 'status', status: 500, code: 'InternalError' })], partAttempts: { 3: 2 } },
  {
    name: '429 with Retry-After on initiate',
    faults: [{ action: 'initiate', fault: { kind: 'status', status: 429, code: 'TooManyRequests', retryAfterSeconds: 0 } }],
    actionCount: { initiate: 2 },
  },
  { name: '408 RequestTimeout', faults: [part(5, { kind: 'status', status: 408, code: 'RequestTimeout' })], partAttempts: { 5: 2 } },
  { name: 'connection reset mid-body', faults: [part(4, { kind: 'reset', afterBytes: MiB })], partAttempts: { 4: 2 } },
  { name: 'stall mid-body', faults: [part(6, { kind: 'stall', afterBytes: MiB })], partAttempts: { 6: 2 } },
  { name: 'GOAWAY mid-body', faults: [part(7, { kind: 'goaway', afterBytes: MiB })], partAttempts: { 7: 2 }, atLeast: true },
  {
    name: '401 once (token refreshed)',
    faults: [part(1, { kind: 'status', status: 401, code: 'AuthenticationRequired' })],
    partAttempts: { 1: 2 },
  },
  {
    name: 'Complete answered 200 with <Error>',
    faults: [{ action: 'complete', fault: { kind: 'status', status: 200, code: 'InternalError' } }],
    actionCount: { complete: 2 },
  },
  {
    name: 'Complete done but its answer lost',
    faults: [{ action: 'complete', fault: { kind: 'lose-answer' } }],
    actionCount: { complete: 2 },
  },
];
const mixed: Scenario = {
  name: 'all of them at once',
  faults: scenarios.flatMap((s) => s.faults),
  partAttempts: Object.assign({}, ...scenarios.map((s) => s.partAttempts ?? {})),
  // Each scenario adds its extra requests: two Complete faults make three Completes.
  actionCount: scenarios.reduce<Record<string, number>>((sum, s) => {
    for (const [action, count] of Object.entries(s.actionCount ?? {})) sum[action] = (sum[action] ?? 1) + count - 1;
    return sum;
  }, {}),
  atLeast: true,
};

describe.each(['workers', 'inline'] as const)('fault matrix (%s mode, HTTP/2 over TLS)', (mode) => {
  let emu: Emulator;
  let tokenFetches: number;
  beforeEach(async () => {
    emu = await startEmulator({ tls: true, buckets: ['bkt'] });
    tokenFetches = 0;
  });
  afterEach(async () => {
    await emu.close();
  });

  const options = (): UploadOptions => ({
    endpoint: emu.url,
    ca: emu.ca,
    mode,
    workers: 2,
    streamsPerWorker: 2,
    partSize: '5MiB',
    auth: { getAccessToken: async () => `token-${++tokenFetches}` },
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
    // Short, so that the stalled part is sent again soon, but not 1 s: the stall clock runs from the
    // request's start, so a worker's first part also waits for its TLS session to open, and on two
    // cores shared with the other test files an unfaulted part 1 was sent twice at 1 s (CI run of
    // 7 December, HTTP/2 over TLS, workers mode; seen once before in an earlier full run).
    stallTimeoutMs: 3000,
  });

  it.each([...scenarios, mixed])('$name: byte-exact, nothing left behind, attempts as injected', async (scenario) => {
    for (const fault of scenario.faults) emu.faults.add(fault);
    const result = await upload(file.path, 'gs://bkt/obj', options());
    const stored = await readObject(`${emu.url}/bkt/obj`, { ca: emu.ca });
    expect(stored.sha256).toBe(file.sha256);
    expect(result.verified).toBe('object');
    expect(emu.pendingUploads()).toBe(0);

    const parts = emu.requests.filter((r) => r.action === 'part');
    for (let n = 1; n <= 8; n++) {
      const seen = parts.filter((r) => r.partNumber === n).length;
      const expected = scenario.partAttempts?.[n] ?? 1;
      if (scenario.atLeast) expect(seen, `part ${n}`).toBeGreaterThanOrEqual(expected);
      else expect(seen, `part ${n}`).toBe(expected);
    }
    for (const [action, count] of Object.entries(scenario.actionCount ?? {})) {
      expect(
        emu.requests.filter((r) => r.action === action),
        action,
      ).toHaveLength(count);
    }
    if (!scenario.atLeast) expect(result.retries).toBe(Object.values(scenario.partAttempts ?? {}).reduce((n, a) => n + a - 1, 0));
  });

  it('honours Retry-After: the retry waits as long as the store asked', async () => {
    emu.faults.add(part(3, { kind: 'status', status: 503, code: 'SlowDown', retryAfterSeconds: 1 }));
    await upload(file.path, 'gs://bkt/obj', options());
    const [first, second] = emu.requests.filter((r) => r.action === 'part' && r.partNumber === 3);
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(950);
  });

  it('a 401 makes the main thread fetch a fresh token, once, and the retry carries it', async () => {
    await upload(file.path, 'gs://bkt/clean', options());
    const fetchesWithout401 = tokenFetches;
    tokenFetches = 0;
    emu.faults.add(part(2, { kind: 'status', status: 401, code: 'AuthenticationRequired' }));
    await upload(file.path, 'gs://bkt/obj', options());
    expect(tokenFetches).toBe(fetchesWithout401 + 1);
    const [refused, retried] = emu.requests.filter((r) => r.key === 'obj' && r.action === 'part' && r.partNumber === 2);
    expect(refused!.status).toBe(401);
    expect(retried!.status).toBe(200);
    // The retry carried a token fetched after the one the store refused.
    const issued = Array.from({ length: tokenFetches }, (_, i) => tokenFingerprint(`token-${i + 1}`));
    expect(issued.indexOf(retried!.tokenFingerprint!)).toBeGreaterThan(issued.indexOf(refused!.tokenFingerprint!));
    expect(issued.indexOf(refused!.tokenFingerprint!)).toBeGreaterThanOrEqual(0);
  });

  it("a part that keeps failing gives up after the policy's attempts, and aborts the upload", async () => {
    emu.faults.add(part(2, { kind: 'status', status: 503, code: 'SlowDown' }, Number.POSITIVE_INFINITY));
    const error = await upload(file.path, 'gs://bkt/obj', { ...options(), retry: { maxAttempts: 4, baseDelayMs: 10 } }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'PARTPUSH_SERVICE_ERROR', serviceCode: 'SlowDown', partNumber: 2, attempts: 4 });
    expect(emu.requests.filter((r) => r.action === 'part' && r.partNumber === 2)).toHaveLength(4);
    expect(emu.requests.map((r) => r.action)).toContain('abort');
    expect(emu.pendingUploads()).toBe(0);
  });
});
