import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../dist/src/index.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';
import { runChild } from '../helpers/run-child.js';

const MiB = 1024 * 1024;
const FILE_SIZE = 1024 * MiB;

const temp = makeTempDir();
let file: TestFile;
let smallFile: TestFile;
let emu: Emulator;
beforeAll(async () => {
  file = makeRandomFile(temp.dir, 'big.bin', FILE_SIZE);
  smallFile = makeRandomFile(temp.dir, 'small.bin', FILE_SIZE / 8);
  emu = await startEmulator({ tls: true, buckets: ['bkt'], storage: 'discard' });
});
afterAll(async () => {
  await emu.close();
  temp.remove();
});

/**
 * The upload runs in a child process so that its peak RSS is its own (the emulator stays here).
 * 2 workers x 2 streams x 8 MiB parts = 32 MiB of parts in flight against a 1 GiB file.
 */
async function peakRssOfUpload(mode: 'workers' | 'inline', source: TestFile): Promise<{ rss: number; size: number }> {
  return runChild<{ rss: number; size: number }>('peakRss', { file: source.path, url: emu.url, ca: emu.ca, mode });
}

describe('memory stays bounded by parts in flight, not by file size', () => {
  it.each(['workers', 'inline'] as const)('%s mode: peak RSS is flat as the file grows 8x, and far below its size', async (mode) => {
    const small = await peakRssOfUpload(mode, smallFile);
    const large = await peakRssOfUpload(mode, file);
    expect(large.size).toBe(FILE_SIZE);
    console.log(
      `${mode}: peak RSS ${(small.rss / MiB).toFixed(0)} MiB for ${smallFile.size / MiB} MiB, ${(large.rss / MiB).toFixed(0)} MiB for ${FILE_SIZE / MiB} MiB`,
    );
    // The file grew by 896 MiB; memory may grow by GC noise, not by file bytes.
    expect(large.rss - small.rss).toBeLessThan(64 * MiB);
    expect(large.rss).toBeLessThan(FILE_SIZE / 4);
  });
});
