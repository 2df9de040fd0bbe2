import { describe, expect, it } from 'vitest';
import { DEFAULT_PART_SIZE, MAX_PART_SIZE, MAX_PARTS, partRange, planParts, streamPartSize } from '../../../src/core/plan-parts.js';
import { GiB, MiB, TiB, parseSize, formatSize } from '../../../src/core/sizes.js';
import { compressedLimits, largestCompressedPart, planCompressedParts } from '../../../src/compress/plan-compressed-parts.js';
import { rawFrameSize } from '../../../src/compress/raw-frame.js';
import { seekTableSize } from '../../../src/seekable/seek-table.js';
import { resolveCompression } from '../../../src/compress/compression.js';

describe('planParts', () => {
  it('uses the default part size for ordinary files', () => {
    const plan = planParts(GiB);
    expect(plan).toEqual({ size: GiB, partSize: DEFAULT_PART_SIZE, partCount: GiB / DEFAULT_PART_SIZE, singleRequest: false });
  });

  it('grows the default so that no object needs more than 10,000 parts', () => {
    const plan = planParts(TiB);
    expect(plan.partCount).toBeLessThanOrEqual(MAX_PARTS);
    expect(plan.partSize % MiB).toBe(0);
    expect(plan.partSize).toBeGreaterThan(DEFAULT_PART_SIZE);
    expect(planParts(5 * TiB).partCount).toBeLessThanOrEqual(MAX_PARTS);
  });

  it('handles a zero-byte source as one empty request', () => {
    expect(planParts(0)).toMatchObject({ partCount: 1, singleRequest: true });
    expect(partRange(planParts(0), 1)).toEqual({ partNumber: 1, offset: 0, length: 0 });
  });

  it('sends an object that fits in one part as one request', () => {
    expect(planParts(DEFAULT_PART_SIZE).singleRequest).toBe(true);
    expect(planParts(DEFAULT_PART_SIZE + 1)).toMatchObject({ partCount: 2, singleRequest: false });
  });

  it('keeps an explicit part size and makes only the last part shorter', () => {
    const plan = planParts(64 * MiB + 1, 5 * MiB);
    expect(plan.partCount).toBe(13);
    expect(partRange(plan, 1)).toEqual({ partNumber: 1, offset: 0, length: 5 * MiB });
    expect(partRange(plan, 13)).toEqual({ partNumber: 13, offset: 60 * MiB, length: 4 * MiB + 1 });
  });

  it('rejects part sizes outside 5 MiB..5 GiB', () => {
    expect(() => planParts(GiB, 5 * MiB - 1)).toThrow(expect.objectContaining({ code: 'PARTPUSH_INVALID_OPTION' }));
    expect(() => planParts(GiB, 5 * GiB + 1)).toThrow(/between 5 MiB and 5 GiB/);
  });

  it('rejects an explicit size that would need more than 10,000 parts, naming one that works', () => {
    expect(() => planParts(100 * GiB, 5 * MiB)).toThrow(/use --part-size 11MiB or larger/);
  });

  it('rejects objects over 5 TiB', () => {
    expect(() => planParts(5 * TiB + 1)).toThrow(expect.objectContaining({ code: 'PARTPUSH_TOO_LARGE' }));
  });
});

describe('sizes', () => {
  it('parses binary and SI units', () => {
    expect(parseSize('64MiB', 'x')).toBe(64 * MiB);
    // Binary whatever the spelling, as aws-cli and rclone read them.
    expect(parseSize('8 MB', 'x')).toBe(8 * MiB);
    expect(parseSize('5M', 'x')).toBe(5 * MiB);
    expect(parseSize('2g', 'x')).toBe(2 * GiB);
    expect(parseSize('16K', 'x')).toBe(16 * 1024);
    expect(parseSize('1048576', 'x')).toBe(MiB);
    expect(parseSize('1.5GiB', 'x')).toBe(1.5 * GiB);
    expect(() => parseSize('lots', '--part-size')).toThrow(/--part-size: expected a size/);
  });

  it('a compressed plan keeps a part for the seek table, and the size its advice names fits', () => {
    const compression = resolveCompression({ codec: 'zstd' })!;
    const advice = (() => {
      try {
        planCompressedParts(TiB, 104 * MiB, compression);
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(advice).toContain('more than 9999 parts (one part number is kept for the seek table)');
    const named = parseSize(/--part-size (\S+)/.exec(advice ?? '')![1]!, '--part-size');
    const plan = planCompressedParts(TiB, named, compression);
    expect(plan.partCount).toBeLessThanOrEqual(MAX_PARTS - 1);
    expect(plan.partSize % compression.frameSize).toBe(0);
    expect(planCompressedParts(TiB, undefined, compression).partCount).toBeLessThanOrEqual(MAX_PARTS - 1);
    expect(planCompressedParts(5 * TiB, undefined, compression).partCount).toBeLessThanOrEqual(MAX_PARTS - 1);
  });

  it('a compressed part is at most what raw frames and a seek table keep within 5 GiB per request', () => {
    const compression = resolveCompression({ codec: 'zstd' })!;
    const largest = largestCompressedPart(compression.frameSize);
    const frames = largest / compression.frameSize;
    // Every frame raw (its header and a header per 128 KiB block) and the seek table beside them.
    expect(frames * rawFrameSize(compression.frameSize) + seekTableSize(frames)).toBeLessThanOrEqual(MAX_PART_SIZE);
    expect((frames + 1) * rawFrameSize(compression.frameSize) + seekTableSize(frames + 1)).toBeGreaterThan(MAX_PART_SIZE);
    expect(planCompressedParts(6 * GiB, largest, compression).partSize).toBe(largest);
    expect(() => planCompressedParts(6 * GiB, 5 * GiB, compression)).toThrow(
      new RegExp(`stores' 5 GiB per request; use --part-size ${largest / MiB}MiB or less`),
    );
    // A part size just over the largest is rounded up to whole frames past it: refused too.
    expect(() => planCompressedParts(6 * GiB, largest + 1, compression)).toThrow(/5 GiB per request/);
    // A file smaller than the largest part goes in one request, whatever part size was asked.
    expect(planCompressedParts(100 * MiB, 5 * GiB, compression)).toMatchObject({ partCount: 1, singleRequest: true });
  });

  it('a compressed stream sizes its parts for 9,999 (one part number is kept for the seek table)', () => {
    const compression = resolveCompression({ codec: 'zstd' })!;
    const expected = 160_000 * MiB; // 10,000 parts of 16 MiB: one too many beside the seek table
    const partSize = streamPartSize(undefined, expected, compressedLimits(compression));
    expect(Math.ceil(expected / partSize)).toBeLessThanOrEqual(MAX_PARTS - 1);
    expect(partSize % compression.frameSize).toBe(0);
    expect(streamPartSize(undefined, expected)).toBe(16 * MiB); // uncompressed: 10,000 parts fit
    expect(() => streamPartSize(6 * MiB, 60_000 * MiB, compressedLimits(compression))).toThrow(/more than 9999 parts/);
  });

  it('formats sizes for people', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(GiB)).toBe('1.0 GiB');
  });
});
