import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { createUploader, startEmulator, upload, type Emulator } from '../../dist/src/index.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';
import { readObject } from '../helpers/read-object.js';
import { runChild } from '../helpers/run-child.js';

const MiB = 1024 * 1024;
const temp = makeTempDir();
let file: TestFile;
beforeAll(() => {
  file = makeRandomFile(temp.dir, 'p.bin', 96 * MiB);
});
afterAll(() => temp.remove());

/** The connections that carried part uploads, as the server saw them. */
function partConnections(emu: Emulator) {
  const ids = new Set(emu.requests.filter((r) => r.action === 'part').map((r) => r.connectionId));
  return emu.connections.filter((c) => ids.has(c.id));
}

describe("what the server sees of partpush's concurrency", () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator({ tls: true, buckets: ['bkt'], storage: 'discard' });
  });
  afterEach(async () => {
    await emu.close();
  });

  it.each(['workers', 'inline'] as const)(
    'HTTP/2 (%s mode): one session per worker, several part streams in flight on each',
    async (mode) => {
      await upload(file.path, 's3://bkt/k', {
        endpoint: emu.url,
        ca: emu.ca,
        auth: 'none',
        mode,
        workers: 3,
        streamsPerWorker: 4,
        // One session per worker, as asked: 'auto' opens more where a loaded loopback's probe reads
        // a long round trip, and this test is about streams on a session (sending-shape's tests pin auto).
        connections: 1,
        partSize: '5MiB',
      });
      const sessions = partConnections(emu);
      expect(sessions.map((c) => c.protocol)).toEqual(['h2', 'h2', 'h2']);
      // Not one session per part: 20 parts crossed exactly 3 sessions.
      expect(sessions.reduce((n, c) => n + c.requests, 0)).toBe(20);
      for (const session of sessions) {
        expect(session.maxInFlight).toBeGreaterThan(1);
        expect(session.maxInFlight).toBeLessThanOrEqual(4);
      }
    },
  );

  it('HTTP/1.1: several connections per worker, never more than one request in flight on each', async () => {
    await upload(file.path, 's3://bkt/k', {
      endpoint: emu.url,
      ca: emu.ca,
      auth: 'none',
      http: '1.1',
      workers: 2,
      streamsPerWorker: 3,
      partSize: '5MiB',
    });
    const connections = partConnections(emu);
    // More connections than workers: each worker opened several. (Over a whole upload an HTTP/1.1
    // connection is sometimes closed cleanly between requests and replaced, so the lifetime count
    // can exceed workers x streams; no more than that are open at once, and none pipelines.)
    expect(connections.length).toBeGreaterThan(2);
    expect(connections.every((c) => c.protocol === 'h1' && c.maxInFlight === 1)).toBe(true);
  });
});

/** Each thread of this process by id: its name and nice value (Linux: /proc/self/task/TID/stat, field 19). */
function threadsOfThisProcess(): Map<number, { name: string; nice: number }> {
  return new Map(
    readdirSync('/proc/self/task').map((tid) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // The fields after the name (which may hold spaces) start at field 3.
      const nice = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19 - 3]);
      return [Number(tid), { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), nice }];
    }),
  );
}

describe('workerNice: the worker threads, and only they, give way to other work', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator({ tls: true, buckets: ['bkt'] });
  });
  afterEach(async () => {
    await emu.close();
  });

  it('each worker thread runs at the nice value given; the main thread and the rest keep theirs', async () => {
    const before = threadsOfThisProcess();
    const base = before.get(process.pid)!.nice; // 0, unless the tests themselves run under `nice`
    expect([...before.values()].filter((t) => t.nice !== base)).toEqual([]);
    const nice = Math.min(19, base + 7);
    expect(nice).toBeGreaterThan(base);
    const uploader = createUploader({ endpoint: emu.url, ca: emu.ca, auth: 'none', workers: 3, streamsPerWorker: 2, workerNice: nice });
    try {
      const result = await uploader.upload(file.path, 's3://bkt/niced', { partSize: '8MiB' });
      const during = threadsOfThisProcess(); // the pool stays up between uploads
      // Threads that were there before (the main thread, V8's, libuv's pool) keep their priority.
      for (const [tid, thread] of before) if (during.has(tid)) expect(during.get(tid)!.nice).toBe(thread.nice);
      // The three workers are niced, and so is what they start (aws-crt's event-loop thread, if a
      // worker loaded aws-crt first); nothing else is.
      const niced = [...during.values()].filter((t) => t.nice !== base);
      expect(niced.filter((t) => t.name === 'node')).toHaveLength(3);
      expect(niced.every((t) => t.nice === nice && /^(node|AwsEventLoop\d+)$/.test(t.name))).toBe(true);
      expect(result.partCount).toBe(12);
      const stored = await readObject(`${emu.url}/bkt/niced`, { ca: emu.ca });
      expect([stored.status, stored.size, stored.sha256]).toEqual([200, file.size, file.sha256]);
    } finally {
      await uploader.close();
    }
  });

  it("under a process already niced higher, the workers keep the process's nice value", async () => {
    // Going back down would take privileges an ordinary user lacks (the worker would fail to start),
    // and would put the upload above the host that started it.
    const base = threadsOfThisProcess().get(process.pid)!.nice;
    const [processNice, asked] = [Math.min(19, base + 9), Math.min(19, base + 2)];
    expect(processNice).toBeGreaterThan(asked);
    const { size, nices } = await runChild<{ size: number; nices: number[] }>(
      'niced',
      { file: file.path, url: emu.url, ca: emu.ca, workerNice: asked },
      { under: ['nice', '-n', String(processNice - base)] },
    );
    expect(size).toBe(file.size);
    expect(new Set(nices)).toEqual(new Set([processNice]));
  });

  it('is refused where it would renice the whole process, and in inline mode', async () => {
    expect(() => createUploader({ mode: 'inline', workerNice: 5 })).toThrow(
      expect.objectContaining({ code: 'PARTPUSH_INVALID_OPTION', message: expect.stringMatching(/inline mode has none/) }),
    );
    expect(() => createUploader({ workerNice: 20 })).toThrow(
      expect.objectContaining({ code: 'PARTPUSH_INVALID_OPTION', message: expect.stringMatching(/from 0 to 19, got 20/) }),
    );
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { ...platform, value: 'darwin' });
    try {
      expect(() => createUploader({ workerNice: 5 })).toThrow(
        expect.objectContaining({
          code: 'PARTPUSH_INVALID_OPTION',
          message: expect.stringMatching(/needs Linux.*on darwin it would lower the whole process/),
        }),
      );
      await createUploader({ workerNice: 0 }).close(); // 0, the default, is accepted everywhere
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
  });
});
