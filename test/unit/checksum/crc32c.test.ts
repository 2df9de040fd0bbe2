import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc32cLibrary, crc32cOf, type Crc32cLibrary } from '../../../src/checksum/crc32c.js';

// Each CRC32C library partpush can use against the other as the independent oracle: every length
// class the SIMD code folds differently, odd offsets, and continuation.
const other: Record<Crc32cLibrary, Crc32cLibrary> = { 'aws-crt': '@node-rs/crc32', '@node-rs/crc32': 'aws-crt' };

it('uses aws-crt where it is installed (here, as a dev dependency)', () => {
  expect(crc32cLibrary()).toBe('aws-crt');
});

describe.each(['@node-rs/crc32', 'aws-crt'] as const)('crc32c from %s', (library) => {
  const crc32c = (data: Buffer, previous = 0) => crc32cOf(library)(data, previous);
  const independentCrc32c = (data: Buffer, previous = 0) => crc32cOf(other[library])(data, previous);
  it('knows the standard check value and continues from a previous CRC', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.from('56789'), crc32c(Buffer.from('1234')))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0), 12345)).toBe(12345);
  });

  it('agrees with an independent implementation on many lengths, offsets and seeds', () => {
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const lengths = [1, 3, 7, 8, 15, 16, 63, 64, 255, 256, 1023, 4096, 65_537, 1_048_576, 3 * 1024 * 1024];
    let checked = 0;
    for (const length of lengths) {
      for (const offset of [0, 1, 5, 17]) {
        const view = data.subarray(offset, offset + length);
        const seed = (length * 2_654_435_761) >>> 0;
        expect(crc32c(view)).toBe(independentCrc32c(view));
        expect(crc32c(view, seed)).toBe(independentCrc32c(view, seed));
        checked++;
      }
    }
    expect(checked).toBe(lengths.length * 4);
  });
});
