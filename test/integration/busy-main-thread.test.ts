/**
 * partpush's reason to exist: the host's main thread may be busy with its own work for seconds
 * while an upload runs. In workers mode the lanes take parts from shared memory and never wait for
 * the main thread between parts; inline mode, the baseline, stops when its thread is busy.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../dist/src/index.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';

const run = promisify(execFile);
const MiB = 1024 * 1024;
const temp = makeTempDir();
let file: TestFile;
let emu: Emulator;
beforeAll(async () => {
  file = makeRandomFile(temp.dir, 'busy.bin', 80 * MiB);
  emu = await startEmulator({ tls: true, buckets: ['bkt'], storage: 'discard' });
});
afterAll(async () => { await emu.close(); temp.remove(); });

/**
 * Uploads in a child process (the emulator here must stay responsive) whose main thread, once the
 * first part is done, spins for 1.5 s without yielding; reports when the spin began and ended.
 */
async function uploadWithBlockedMainThread(mode: 'workers' | 'inline', key: string): Promise<{ blockedFrom: number; blockedTo: number }> {
  const script = `
    const { upload } = await import(${JSON.stringify(new URL('../../dist/src/index.js', import.meta.url).href)});
    let blocked;
    await upload(process.env.FILE, 's3://bkt/' + process.env.KEY, {
      endpoint: process.env.URL, ca: process.env.CA, auth: 'none', mode: process.env.MODE,
      workers: 1, streamsPerWorker: 2, partSize: '5MiB', progressIntervalMs: 5,
      onProgress: (p) => {
        if (blocked || p.partsDone < 1) return;
        const from = Date.now();
        while (Date.now() - from < 1500);
        blocked = { blockedFrom: from, blockedTo: Date.now() };
      },
    });
    console.log(JSON.stringify(blocked));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, FILE: file.path, URL: emu.url, CA: emu.ca, MODE: mode, KEY: key },
  });
  return JSON.parse(stdout.trim()) as { blockedFrom: number; blockedTo: number };
}

describe('a main thread blocked for 1.5 s', () => {
  it('workers mode: parts keep reaching the store while the main thread is blocked', async () => {
    const { blockedFrom, blockedTo } = await uploadWithBlockedMainThread('workers', 'workers');
    const during = emu.requests.filter((r) => r.key === 'workers' && r.action === 'part' && r.receivedAt > blockedFrom + 50 && r.receivedAt < blockedTo);
    console.log(`workers mode: ${during.length} of 16 parts started while the main thread was blocked`);
    expect(during.length).toBeGreaterThanOrEqual(4);
  });

  it('inline mode (the baseline): no part starts while its thread is blocked', async () => {
    const { blockedFrom, blockedTo } = await uploadWithBlockedMainThread('inline', 'inline');
    const during = emu.requests.filter((r) => r.key === 'inline' && r.action === 'part' && r.receivedAt > blockedFrom + 50 && r.receivedAt < blockedTo);
    expect(during).toHaveLength(0);
  });
});
