import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32c as independentCrc32c } from '@node-rs/crc32';
import { afterAll, describe, expect, it } from 'vitest';
import { ChecksumTurns } from '../../../src/source/checksum-turns.js';
import { openPartReader, type PartReader } from '../../../src/source/part-reader.js';
import { ReadBuffers } from '../../../src/source/read-buffers.js';
import type { SourceDescriptor } from '../../../src/source/source-descriptor.js';
import { turnsDuringPass } from '../../helpers/turns-during-pass.mjs';

// A part's checksum pass takes turns with the thread's other passes and lets the event loop run
// between stretches (ChecksumTurns): the other streams of a thread keep sending meanwhile. A
// stretch is 4 MiB on every thread (a worker's: test/integration/across-threads.test.ts).
const MiB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'partpush-checksum-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const data = randomBytes(24 * MiB + 5);
const path = join(dir, 'source.bin');
writeFileSync(path, data);
const { mtimeMs, ctimeMs, ino } = statSync(path);
const fileSource: SourceDescriptor = { kind: 'file', path, size: data.length, mtimeMs, ctimeMs, ino };
const shared = new SharedArrayBuffer(data.length + 3);
Buffer.from(shared).set(data, 3);
const sharedSource: SourceDescriptor = { kind: 'shared', buffer: shared, byteOffset: 3, size: data.length };
/** One thread's reader state, as a ThreadContext holds it. */
const thread = { buffers: new ReadBuffers(), turns: new ChecksumTurns() };
const open = (source: SourceDescriptor, offset: number, length: number): PartReader => openPartReader(source, offset, length, thread);

describe.each([
  ['file', fileSource],
  ['shared memory', sharedSource],
] as const)('checksum passes over %s', (_name, source) => {
  it('run one at a time, in order, yield to the event loop between stretches, and are correct', async () => {
    const parts = [
      [0, 12 * MiB],
      [12 * MiB, 12 * MiB + 5],
      [7, 1],
    ] as const;
    const readers = parts.map(([offset, length]) => open(source, offset, length));
    const events: string[] = [];
    const passes = readers.map((reader, i) =>
      reader.crc32c().then((crc) => {
        events.push(`pass ${i} done`);
        return crc;
      }),
    );
    setImmediate(() => events.push('event loop ran'));
    const crcs = await Promise.all(passes);
    readers.forEach((reader) => reader.close());

    expect(crcs).toEqual(parts.map(([offset, length]) => independentCrc32c(data.subarray(offset, offset + length))));
    // A 12 MiB pass is three stretches here: the event loop ran before the first pass ended.
    expect(events).toEqual(['event loop ran', 'pass 0 done', 'pass 1 done', 'pass 2 done']);
  });

  it('a failed pass does not hold up the passes after it', async () => {
    const failing = open(source, 0, 8 * MiB);
    const next = open(source, 8 * MiB, MiB);
    const failed = failing.crc32c();
    const after = next.crc32c();
    // Released before its pass reads: a file part then throws PARTPUSH_SOURCE_UNREADABLE.
    failing.close();
    if (source.kind === 'file') await expect(failed).rejects.toMatchObject({ code: 'PARTPUSH_SOURCE_UNREADABLE' });
    else await failed;
    await expect(after).resolves.toBe(independentCrc32c(data.subarray(8 * MiB, 9 * MiB)));
    next.close();
  });
});

describe('how often a pass gives the event loop a turn', () => {
  it('every 4 MiB', async () => {
    const { turns, crc } = await turnsDuringPass(open(fileSource, 0, 12 * MiB));
    expect(crc).toBe(independentCrc32c(data.subarray(0, 12 * MiB)));
    // 12 chunks in 3 stretches: 2 turns between them (one more may land as the pass ends).
    expect(turns).toBeGreaterThanOrEqual(2);
    expect(turns).toBeLessThanOrEqual(3);
  });
});
