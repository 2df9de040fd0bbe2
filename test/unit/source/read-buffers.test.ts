import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChecksumTurns } from '../../../src/source/checksum-turns.js';
import { openPartReader } from '../../../src/source/part-reader.js';
import { MAX_CHUNK_SIZE, MIN_CHUNK_SIZE, ReadBuffers, sendChunkSize } from '../../../src/source/read-buffers.js';
import type { FileSource } from '../../../src/source/source-descriptor.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const dir = mkdtempSync(join(tmpdir(), 'partpush-read-buffers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sendChunkSize', () => {
  it('keeps 1 MiB chunks for one worker with its four parts in flight, and halves them as parts in flight grow, down to 256 KiB', () => {
    expect([1, 4, 8, 9, 16, 17, 32, 40, 128].map(sendChunkSize)).toEqual([
      MiB,
      MiB,
      MiB,
      512 * KiB,
      512 * KiB,
      256 * KiB,
      256 * KiB,
      256 * KiB,
      256 * KiB,
    ]);
    expect(MAX_CHUNK_SIZE).toBe(MiB);
    expect(MIN_CHUNK_SIZE).toBe(256 * KiB);
  });
});

describe('a file part read in small chunks', () => {
  const data = randomBytes(3 * MiB + 1234);
  const path = join(dir, 'source.bin');
  writeFileSync(path, data);
  const info = statSync(path);
  const source: FileSource = { kind: 'file', path, size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino };

  it('hands over the exact bytes in chunks of the size asked, reusing its ring of two', () => {
    const thread = { buffers: new ReadBuffers(), turns: new ChecksumTurns() };
    const offset = 777;
    const length = data.length - offset - 5;
    const reader = openPartReader(source, offset, length, thread, MIN_CHUNK_SIZE);
    const sizes: number[] = [];
    const copies: Buffer[] = [];
    const buffers = new Set<ArrayBufferLike>();
    for (const chunk of reader.body(
      () => undefined,
      () => false,
    )) {
      sizes.push(chunk.length);
      buffers.add(chunk.buffer);
      copies.push(Buffer.from(chunk)); // as the socket takes it: before the next chunk is asked for
    }
    reader.close(true);
    expect(Buffer.concat(copies).equals(data.subarray(offset, offset + length))).toBe(true);
    expect(sizes.slice(0, -1).every((n) => n === MIN_CHUNK_SIZE)).toBe(true);
    expect(sizes.length).toBe(Math.ceil(length / MIN_CHUNK_SIZE));
    expect(buffers.size).toBe(2);
  });

  it('gives a returned ring only to a part sent in chunks of the same size', () => {
    const buffers = new ReadBuffers();
    const small = buffers.takeRing(MIN_CHUNK_SIZE);
    buffers.returnRing(small);
    const large = buffers.takeRing(MAX_CHUNK_SIZE);
    expect(large).not.toBe(small);
    expect(large.map((b) => b.length)).toEqual([MAX_CHUNK_SIZE, MAX_CHUNK_SIZE]);
    expect(buffers.takeRing(MIN_CHUNK_SIZE)).toBe(small);
  });
});
