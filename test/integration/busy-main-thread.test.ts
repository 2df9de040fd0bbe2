/**
 * partpush's reason to exist: the host's main thread may be busy with its own work for seconds
 * while an upload runs. In workers mode the lanes take parts from shared memory and never wait for
 * the main thread between parts; inline mode, the baseline, stops when its thread is busy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../dist/src/index.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';
import { runChild } from '../helpers/run-child.js';

const MiB = 1024 * 1024;
const temp = makeTempDir();
let file: TestFile;
let emu: Emulator;
beforeAll(async () => {
  file = makeRandomFile(temp.dir, 'busy.bin', 80 * MiB);
  emu = await startEmulator({ tls: true, buckets: ['bkt'], storage: 'discard' });
});
afterAll(async () => {
  await emu.close();
  temp.remove();
});

/**
 * Uploads in a child process (the emulator here must stay responsive) whose main thread, once the
 * first part is done, spins for 1.5 s without yielding; reports when the spin began and ended.
 */
async function uploadWithBlockedMainThread(mode: 'workers' | 'inline', key: string): Promise<{ blockedFrom: number; blockedTo: number }> {
  return runChild<{ blockedFrom: number; blockedTo: number }>('blockedMainThread', {
    file: file.path,
    url: emu.url,
    ca: emu.ca,
    mode,
    key,
  });
}

describe('a main thread blocked for 1.5 s', () => {
  it('workers mode: parts keep reaching the store while the main thread is blocked', async () => {
    const { blockedFrom, blockedTo } = await uploadWithBlockedMainThread('workers', 'workers');
    const during = emu.requests.filter(
      (r) => r.key === 'workers' && r.action === 'part' && r.receivedAt > blockedFrom + 50 && r.receivedAt < blockedTo,
    );
    console.log(`workers mode: ${during.length} of 16 parts started while the main thread was blocked`);
    expect(during.length).toBeGreaterThanOrEqual(4);
  });

  it('inline mode (the baseline): no part starts while its thread is blocked', async () => {
    const { blockedFrom, blockedTo } = await uploadWithBlockedMainThread('inline', 'inline');
    const during = emu.requests.filter(
      (r) => r.key === 'inline' && r.action === 'part' && r.receivedAt > blockedFrom + 50 && r.receivedAt < blockedTo,
    );
    expect(during).toHaveLength(0);
  });
});
