import { randomBytes } from 'node:crypto';
import { crc32c } from '@node-rs/crc32';
import { describe, expect, it } from 'vitest';
import { decompress } from 'zstd-napi';
import { RAW_CONTENT_CHUNK, RAW_FRAMED_CHUNK, rawFrameSize, rawFrames } from '../../../src/compress/raw-frame.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Content in the chunks rawFrames takes: RAW_CONTENT_CHUNK each, shorter only at a frame's end. */
function* chunksOf(content: Buffer, frames: number[]): Generator<Buffer> {
  let at = 0;
  for (const length of frames) {
    for (let done = 0; done < length; done += RAW_CONTENT_CHUNK) {
      const n = Math.min(RAW_CONTENT_CHUNK, length - done);
      yield content.subarray(at, at + n);
      at += n;
    }
  }
}

function crcsOf(content: Buffer, frames: number[]): number[] {
  let at = 0;
  return frames.map((length) => crc32c(content.subarray(at, (at += length))));
}

function ringOf(): () => Buffer {
  const ring = [Buffer.alloc(RAW_FRAMED_CHUNK), Buffer.alloc(RAW_FRAMED_CHUNK)];
  let k = 0;
  return () => ring[k++ % 2]!;
}

function framed(frames: number[]): { content: Buffer; bytes: Buffer } {
  const content = randomBytes(frames.reduce((a, b) => a + b, 0));
  // Copied as they come: the generator writes into its ring again two chunks later.
  const copies: Buffer[] = [];
  const run = { frames, crcs: crcsOf(content, frames) };
  for (const chunk of rawFrames(run, chunksOf(content, frames), ringOf())) copies.push(Buffer.from(chunk));
  return { content, bytes: Buffer.concat(copies) };
}

describe('raw zstd frames (written without zstd, for frames it cannot shrink)', () => {
  it.each([[[1]], [[128 * KiB - 1]], [[128 * KiB]], [[128 * KiB + 1]], [[1 * MiB]], [[2 * MiB]], [[2 * MiB, 2 * MiB, 700 * KiB + 3]]])(
    'decode with zstd to their content, at the length rawFrameSize gives: frames %j',
    (frames) => {
      const { content, bytes } = framed(frames);
      expect(bytes.length).toBe(frames.reduce((n, length) => n + rawFrameSize(length), 0));
      expect(decompress(bytes).equals(content)).toBe(true);
    },
  );

  it('each frame decodes alone, and says its content size in its header', () => {
    const frames = [2 * MiB, 2 * MiB, 5];
    const { content, bytes } = framed(frames);
    let at = 0;
    let from = 0;
    for (const length of frames) {
      const frame = bytes.subarray(at, at + rawFrameSize(length));
      expect(frame.readUInt32LE(5)).toBe(length);
      expect(decompress(frame).equals(content.subarray(from, from + length))).toBe(true);
      at += rawFrameSize(length);
      from += length;
    }
  });

  it('refuses content that ends before its frames do, or runs past one (a bug, not a user error)', () => {
    const content = randomBytes(MiB);
    const run = { frames: [2 * MiB], crcs: [0] };
    expect(() => [...rawFrames(run, chunksOf(content, [MiB]), ringOf())]).toThrow(/does not fit its 2097152 bytes \(at 1048576\)/);
    const long = [Buffer.alloc(MiB), Buffer.alloc(MiB)][Symbol.iterator]();
    expect(() => [...rawFrames({ frames: [MiB - 1], crcs: [0] }, long, ringOf())]).toThrow(/does not fit/);
  });

  it('content that is not what was compressed (the source changed since) fails with PARTPUSH_SOURCE_CHANGED', () => {
    const content = randomBytes(2 * MiB);
    const run = { frames: [2 * MiB], crcs: crcsOf(content, [2 * MiB]) };
    content[MiB + 5]! ^= 1;
    expect(() => [...rawFrames(run, chunksOf(content, [2 * MiB]), ringOf())]).toThrow(
      expect.objectContaining({ code: 'PARTPUSH_SOURCE_CHANGED' }),
    );
  });
});
