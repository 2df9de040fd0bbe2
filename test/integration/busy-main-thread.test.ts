/**
 * partpush's reason to exist: the host's main thread may be busy with its own work for seconds
 * while an upload runs. In workers mode the lanes take parts from shared memory and never wait for
 * the main thread between parts; inline mode, the baseline, stops when its thread is busy.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../dist/src/index.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';
import { runChild } from '../helpers/run-child.js';
import { until } from '../helpers/until.js';

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
 * first part is done, spins without yielding until `release` (given when the spin began) resolves.
 * Counted, not timed: the spin lasts until what is asserted has happened, or a minute has passed.
 */
async function uploadWithBlockedMainThread(
  mode: 'workers' | 'inline',
  key: string,
  release: (blockedFrom: number) => Promise<void>,
): Promise<{ blockedFrom: number; blockedTo: number; released: boolean }> {
  const releaseFile = join(temp.dir, `${key}.release`);
  const child = runChild<{ blockedFrom: number; blockedTo: number; released: boolean }>('blockedMainThread', {
    file: file.path,
    url: emu.url,
    ca: emu.ca,
    mode,
    key,
    releaseFile,
    capMs: 60_000,
  });
  await until(() => existsSync(`${releaseFile}.blocked`), 'the main thread to block', 60_000);
  await release(Number(readFileSync(`${releaseFile}.blocked`, 'utf8')));
  writeFileSync(releaseFile, '');
  return child;
}

const partsReceivedAfter = (key: string, from: number) =>
  emu.requests.filter((r) => r.key === key && r.action === 'part' && r.receivedAt > from);

describe('a main thread blocked in a spin', () => {
  it('workers mode: parts keep reaching the store while the main thread is blocked', async () => {
    let duringSpin = 0;
    const blocked = await uploadWithBlockedMainThread('workers', 'workers', async (from) => {
      await until(() => partsReceivedAfter('workers', from).length >= 4, 'four parts to reach the store during the spin', 55_000);
      duringSpin = partsReceivedAfter('workers', from).length;
    });
    // The spin ended on the release, which is given only after these parts reached the store: they
    // arrived while the main thread spun. (Counted by order of events, not by comparing the two
    // processes' clock readings, which once put two of four parts after the spin's end.)
    expect(blocked.released).toBe(true);
    expect(duringSpin).toBeGreaterThanOrEqual(4);
  });

  it('inline mode (the baseline): no part starts while its thread is blocked', async () => {
    const blocked = await uploadWithBlockedMainThread('inline', 'inline', () => new Promise((resolve) => setTimeout(resolve, 1500)));
    expect(blocked.released).toBe(true);
    // At most the two parts already on their way when the spin began (two lanes) may still arrive;
    // none can start while the thread that would send them spins.
    const during = partsReceivedAfter('inline', blocked.blockedFrom).filter((r) => r.receivedAt < blocked.blockedTo);
    expect(during.length).toBeLessThanOrEqual(2);
  });
});
