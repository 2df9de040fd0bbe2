import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { crc32c } from '../../../src/checksum/crc32c.js';
import { FrameCompressors } from '../../../src/compress/frame-compressors.js';

const zstd = createRequire(import.meta.url)('zstd-napi') as { decompress: (data: Buffer) => Buffer };
const FRAME = 2 * 1024 * 1024;

describe('zero frames: a frame of zeros compressed once per thread', () => {
  it('is byte for byte the frame zstd makes of those zeros, at each level and length, with their CRC32C', () => {
    const compressors = new FrameCompressors();
    for (const [level, length] of [
      [1, FRAME],
      [3, FRAME],
      [1, 12_345],
      [1, 1],
    ] as const) {
      const zeros = Buffer.alloc(length);
      const kept = compressors.zeros.of(level, zeros)!;
      const scratch = Buffer.alloc(compressors.bound(length));
      const made = scratch.subarray(0, compressors.compress(level, scratch, zeros));
      expect(kept.compressed.equals(made)).toBe(true);
      expect(kept.crc32c).toBe(crc32c(zeros));
      expect(zstd.decompress(kept.compressed).equals(zeros)).toBe(true);
      // Asked again, the same frame comes back without zstd.
      expect(compressors.zeros.of(level, Buffer.alloc(length))).toBe(kept);
    }
  });

  it('is not used for a frame with any byte other than zero: first, middle, last', () => {
    const compressors = new FrameCompressors();
    for (const at of [0, FRAME / 2 + 3, FRAME - 1]) {
      const frame = Buffer.alloc(FRAME);
      frame[at] = 1;
      expect(compressors.zeros.of(1, frame)).toBeUndefined();
    }
    expect(compressors.zeros.of(1, Buffer.alloc(0))).toBeUndefined();
  });

  it('reads a frame in shared memory where it lies', () => {
    const compressors = new FrameCompressors();
    const shared = Buffer.from(new SharedArrayBuffer(3 * FRAME));
    shared[FRAME - 1] = 7;
    expect(compressors.zeros.of(1, shared.subarray(0, FRAME))).toBeUndefined();
    expect(compressors.zeros.of(1, shared.subarray(FRAME, 2 * FRAME))?.crc32c).toBe(crc32c(Buffer.alloc(FRAME)));
  });
});
