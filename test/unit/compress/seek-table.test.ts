import { describe, expect, it } from 'vitest';
import { parseCompressFlag, resolveCompression } from '../../../src/compress/compression.js';
import { planCompressedParts } from '../../../src/compress/plan-compressed-parts.js';
import { encodeSeekTable, parseFooter, parseSeekTable, seekTableSize } from '../../../src/seekable/seek-table.js';

const MiB = 1024 * 1024;

describe('the seek table (zstd seekable format 0.1.0)', () => {
  it('is a skippable frame 0x184D2A5E with little-endian entries and the 9-byte footer ending in 0x8F92EAB1', () => {
    const entries = [
      { compressedSize: 100, decompressedSize: 2 * MiB },
      { compressedSize: 5 * MiB, decompressedSize: 0 },
    ];
    const table = encodeSeekTable(entries);
    expect(table.length).toBe(seekTableSize(2));
    expect(table.readUInt32LE(0)).toBe(0x184d2a5e);
    expect(table.readUInt32LE(4)).toBe(table.length - 8);
    expect(table.readUInt32LE(8)).toBe(100);
    expect(table.readUInt32LE(12)).toBe(2 * MiB);
    expect([...table.subarray(-9)]).toEqual([2, 0, 0, 0, 0, 0xb1, 0xea, 0x92, 0x8f]);
    const footer = parseFooter(table.subarray(-9));
    expect(footer).toEqual({ frames: 2, checksums: false, tableSize: table.length });
    expect(parseSeekTable(table, footer)).toEqual(entries);
  });

  it('refuses bytes without the magic, or with reserved descriptor bits set', () => {
    const table = encodeSeekTable([]);
    expect(() => parseFooter(Buffer.alloc(9))).toThrow(expect.objectContaining({ code: 'PARTPUSH_NOT_SEEKABLE' }));
    table[table.length - 5] = 0x04;
    expect(() => parseFooter(table.subarray(-9))).toThrow(expect.objectContaining({ code: 'PARTPUSH_NOT_SEEKABLE' }));
  });
});

describe('compressed parts', () => {
  it('are whole frames of the source, keeping one part number for the seek table', () => {
    const compression = resolveCompression(parseCompressFlag('zstd'))!;
    expect(compression.level).toBe(1);
    expect(planCompressedParts(100 * MiB, 5 * MiB, compression)).toMatchObject({ partSize: 6 * MiB, partCount: 17 });
    const huge = planCompressedParts(10_000 * 32 * MiB, undefined, compression);
    expect(huge.partCount).toBeLessThanOrEqual(9_999);
    expect(huge.partSize % (2 * MiB)).toBe(0);
  });

  it('--compress takes zstd or zstd:LEVEL (1-19)', () => {
    expect(parseCompressFlag('zstd:3').level).toBe(3);
    expect(() => parseCompressFlag('gzip')).toThrow(expect.objectContaining({ code: 'PARTPUSH_INVALID_OPTION' }));
    for (const text of ['zstd:22', 'zstd:0']) {
      // The flag as typed, not the API's field (compress.level).
      expect(() => parseCompressFlag(text)).toThrow(
        `--compress takes zstd or zstd:LEVEL, a level from 1 (the default, fastest) to 19; got "${text}"`,
      );
    }
  });
});
