/**
 * partpush inside a long-running build host: one Uploader, many uploads, some at once. The pool and
 * its sessions stay warm, uploads share them fairly, one can be cancelled without disturbing the
 * others, and close() lets the process exit.
 */
import { closeSync, openSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUploader, startEmulator, type Emulator, type Uploader } from '../../dist/src/index.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';
import { readObject } from '../helpers/read-object.js';
import { runChild } from '../helpers/run-child.js';
import { until } from '../helpers/until.js';

const MiB = 1024 * 1024;
const temp = makeTempDir();
let small: TestFile;
let medium: TestFile;
let sparseGiB: string;
beforeAll(() => {
  small = makeRandomFile(temp.dir, 'small.bin', 10 * MiB);
  medium = makeRandomFile(temp.dir, 'medium.bin', 40 * MiB);
  sparseGiB = join(temp.dir, 'sparse-1gib.img');
  const fd = openSync(sparseGiB, 'w');
  ftruncateSync(fd, 1024 * MiB); // zeros from the page cache: a big upload that costs no disk
  closeSync(fd);
});
afterAll(() => temp.remove());

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('one Uploader in a long-running process', () => {
  let emu: Emulator;
  let up: Uploader;
  const WORKERS = 2;
  const STREAMS = 2;
  beforeEach(async () => {
    emu = await startEmulator({ tls: true, buckets: ['bkt'] });
    // One session per worker: 'auto' may open more when a loaded loopback's probe reads a long round trip.
    up = createUploader({ workers: WORKERS, streamsPerWorker: STREAMS, connections: 1 });
  });
  afterEach(async () => {
    await up.close();
    await emu.close();
  });
  const opts = () => ({ endpoint: emu.url, ca: emu.ca, auth: 'none' as const, partSize: '5MiB' });
  const partConnections = () => new Set(emu.requests.filter((r) => r.action === 'part').map((r) => r.connectionId));

  it('soak: 100 sequential and 10 concurrent uploads; sessions stay warm, memory and handles flat, every object exact', async () => {
    // The uploads run in a child process with --expose-gc, so memory is read after a collection and
    // belongs to the uploader alone; the server's view and the read-back stay here.
    const { samples, verified, sameThreads } = await runChild<{
      samples: Array<{ rss: number; heap: number; handles: number }>;
      verified: number;
      sameThreads: boolean;
    }>('soak', { file: small.path, url: emu.url, ca: emu.ca, workers: WORKERS, streams: STREAMS }, { nodeArgs: ['--expose-gc'] });
    // Every object's CRC32C, as the store computed it, matched the source's.
    expect(verified).toBe(110);
    expect(sameThreads).toBe(true);
    // No TLS handshake per upload: all 220 parts went over one session per worker.
    expect(partConnections().size).toBe(WORKERS);
    expect(emu.connections.length).toBe(WORKERS + 1); // + the main thread's control session
    for (const key of ['soak/0', 'soak/4', 'concurrent/0', 'concurrent/9']) {
      expect((await readObject(`${emu.url}/bkt/${key}`, { ca: emu.ca })).sha256).toBe(small.sha256);
    }
    const first = samples.slice(0, 10);
    const last = samples.slice(-10);
    const heapFirst = median(first.map((s) => s.heap));
    const heapLast = median(last.map((s) => s.heap));
    console.log(
      `soak: heap after GC ${(heapFirst / MiB).toFixed(1)} -> ${(heapLast / MiB).toFixed(1)} MiB, handles ${median(first.map((s) => s.handles))} -> ${median(last.map((s) => s.handles))}`,
    );
    expect(heapLast - heapFirst).toBeLessThan(4 * MiB); // a leak of 40 KiB per upload would show
    expect(Math.max(...last.map((s) => s.handles))).toBeLessThanOrEqual(Math.max(...first.map((s) => s.handles)));
    expect(emu.pendingUploads()).toBe(0);
  });

  it('fairness: a 10 MiB upload started during a 1 GiB one gets lanes after at most a wave of its parts, not after all of them', async () => {
    await up.upload(small.path, 'gs://bkt/warm', opts());
    const BIG_PART = 8 * MiB;
    const lanes = WORKERS * STREAMS;
    let bigPartsDone = 0;
    const big = up.upload(sparseGiB, 'gs://bkt/big', {
      ...opts(),
      partSize: BIG_PART,
      progressIntervalMs: 5,
      onProgress: (p) => {
        bigPartsDone = p.partsDone;
      },
    });
    await until(() => bigPartsDone >= 8, 'the big upload to store 8 parts');
    // Counted in the big upload's parts, not timed: queued behind it, each small upload would wait
    // for its ~120 remaining parts; sharing the lanes, for at most the wave in flight when it asked.
    for (let i = 0; i < 3; i++) {
      const before = bigPartsDone;
      await up.upload(small.path, `gs://bkt/behind-big-${i}`, opts());
      expect(bigPartsDone - before).toBeLessThanOrEqual(3 * lanes);
    }
    expect(bigPartsDone).toBeLessThan(128);
    await big;
  });

  it('cancelling one of three concurrent uploads aborts only it; the others finish exact; no worker restarts', async () => {
    const threads = up.stats().workerThreadIds;
    const controller = new AbortController();
    const uploads = [0, 1, 2].map((i) =>
      up.upload(medium.path, `s3://bkt/three/${i}`, {
        ...opts(),
        ...(i === 1
          ? {
              signal: controller.signal,
              progressIntervalMs: 5,
              onProgress: (p: { partsDone: number }) => {
                if (p.partsDone >= 2) controller.abort();
              },
            }
          : {}),
      }),
    );
    const [first, cancelled, third] = await Promise.allSettled(uploads);
    expect(first?.status).toBe('fulfilled');
    expect(third?.status).toBe('fulfilled');
    expect(cancelled).toMatchObject({ status: 'rejected', reason: { code: 'PARTPUSH_ABORTED' } });
    for (const i of [0, 2]) expect((await readObject(`${emu.url}/bkt/three/${i}`, { ca: emu.ca })).sha256).toBe(medium.sha256);
    expect((await readObject(`${emu.url}/bkt/three/1`, { ca: emu.ca, method: 'HEAD' })).status).toBe(404);
    const aborts = emu.requests.filter((r) => r.action === 'abort').map((r) => r.key);
    expect(aborts).toEqual(['three/1']);
    expect(emu.pendingUploads()).toBe(0);
    expect(up.stats().workerThreadIds).toEqual(threads);
    expect(partConnections().size).toBe(WORKERS);
  });

  it('close() cancels what runs, aborts its multipart upload, and is idempotent', async () => {
    let sent = 0;
    const running = up.upload(sparseGiB, 's3://bkt/at-close', {
      ...opts(),
      partSize: '8MiB',
      progressIntervalMs: 5,
      onProgress: (p) => {
        sent = p.bytesSent;
      },
    });
    const outcome = running.then(
      () => undefined,
      (error: unknown) => error,
    );
    await until(() => sent >= 16 * MiB, 'the upload to send 16 MiB');
    await Promise.all([up.close(), up.close()]);
    expect(await outcome).toMatchObject({ code: 'PARTPUSH_ABORTED' });
    expect(emu.requests.map((r) => r.action)).toContain('abort');
    expect(emu.pendingUploads()).toBe(0);
    await expect(up.upload(small.path, 's3://bkt/after', opts())).rejects.toMatchObject({ code: 'PARTPUSH_CLOSED' });
  });
});

describe('releasing the process', () => {
  it('after close() (or Symbol.asyncDispose), a process exits on its own: no thread, socket or timer left', async () => {
    const emu = await startEmulator({ buckets: ['bkt'] });
    try {
      expect(await runChild('closeAndExit', { file: small.path, url: emu.url }, { timeoutMs: 30_000 })).toBe('closed');
    } finally {
      await emu.close();
    }
  });

  it('warmStart: false starts no thread until the first upload, which then runs on the workers it starts', async () => {
    const emu = await startEmulator({ buckets: ['bkt'] });
    const up = createUploader({ workers: 2, warmStart: false });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(up.stats().workerThreadIds).toEqual([]);
      await up.upload(small.path, 's3://bkt/cold', { endpoint: emu.url, auth: 'none', partSize: '5MiB' });
      expect(up.stats().workerThreadIds).toHaveLength(2);
      expect((await readObject(`${emu.url}/bkt/cold`)).sha256).toBe(small.sha256);
      expect(() => createUploader({ warmStart: 'no' as unknown as boolean })).toThrow(/warmStart must be true or false/);
    } finally {
      await up.close();
      await emu.close();
    }
  });

  it('idle workers and sessions are closed after idleTimeoutMs and come back on demand', async () => {
    const emu = await startEmulator({ buckets: ['bkt'] });
    const up = createUploader({ workers: 2, idleTimeoutMs: 200 });
    try {
      const o = { endpoint: emu.url, auth: 'none' as const, partSize: '5MiB' };
      await up.upload(small.path, 's3://bkt/idle1', o);
      expect(up.stats().workerThreadIds).toHaveLength(2);
      await until(() => up.stats().workerThreadIds.length === 0, 'the idle pool to close', 10_000);
      await up.upload(small.path, 's3://bkt/idle2', o);
      expect(up.stats().workerThreadIds).toHaveLength(2);
      expect((await readObject(`${emu.url}/bkt/idle2`)).sha256).toBe(small.sha256);
    } finally {
      await up.close();
      await emu.close();
    }
  });
});
