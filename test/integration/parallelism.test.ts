import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, upload, type Emulator } from '../../dist/src/index.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';

const MiB = 1024 * 1024;
const temp = makeTempDir();
let file: TestFile;
beforeAll(() => { file = makeRandomFile(temp.dir, 'p.bin', 96 * MiB); });
afterAll(() => temp.remove());

/** The connections that carried part uploads, as the server saw them. */
function partConnections(emu: Emulator) {
  const ids = new Set(emu.requests.filter((r) => r.action === 'part').map((r) => r.connectionId));
  return emu.connections.filter((c) => ids.has(c.id));
}

describe('what the server sees of partpush\'s concurrency', () => {
  let emu: Emulator;
  beforeEach(async () => { emu = await startEmulator({ tls: true, buckets: ['bkt'], storage: 'discard' }); });
  afterEach(async () => { await emu.close(); });

  it.each(['workers', 'inline'] as const)('HTTP/2 (%s mode): one session per worker, several part streams in flight on each', async (mode) => {
    await upload(file.path, 's3://bkt/k', { endpoint: emu.url, ca: emu.ca, auth: 'none', mode, workers: 3, streamsPerWorker: 4, partSize: '5MiB' });
    const sessions = partConnections(emu);
    expect(sessions.map((c) => c.protocol)).toEqual(['h2', 'h2', 'h2']);
    // Not one session per part: 20 parts crossed exactly 3 sessions.
    expect(sessions.reduce((n, c) => n + c.requests, 0)).toBe(20);
    for (const session of sessions) {
      expect(session.maxInFlight).toBeGreaterThan(1);
      expect(session.maxInFlight).toBeLessThanOrEqual(4);
    }
  });

  it('HTTP/1.1: several connections per worker, never more than one request in flight on each', async () => {
    await upload(file.path, 's3://bkt/k', { endpoint: emu.url, ca: emu.ca, auth: 'none', http: '1.1', workers: 2, streamsPerWorker: 3, partSize: '5MiB' });
    const connections = partConnections(emu);
    // More connections than workers: each worker opened several. (Over a whole upload an HTTP/1.1
    // connection is sometimes closed cleanly between requests and replaced, so the lifetime count
    // can exceed workers x streams; no more than that are open at once, and none pipelines.)
    expect(connections.length).toBeGreaterThan(2);
    expect(connections.every((c) => c.protocol === 'h1' && c.maxInFlight === 1)).toBe(true);
  });
});
