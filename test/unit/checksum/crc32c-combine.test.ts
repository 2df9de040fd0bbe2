import { randomBytes } from 'node:crypto';
import { crc32c } from '../../../src/checksum/crc32c.js';
import { describe, expect, it } from 'vitest';
import { combinePartCrcs, crc32cCombine, crc32cFromBase64, crc32cToBase64 } from '../../../src/checksum/crc32c-combine.js';

describe('crc32c combine', () => {
  it('matches the CRC32C of the concatenation, for many split points', () => {
    const data = randomBytes(100_003);
    const whole = crc32c(data);
    for (const split of [0, 1, 7, 4096, 65_536, 99_999, 100_003]) {
      const a = data.subarray(0, split);
      const b = data.subarray(split);
      expect(crc32cCombine(crc32c(a), crc32c(b), b.length)).toBe(whole);
    }
  });

  it('folds part CRCs into the whole-object CRC', () => {
    const data = randomBytes(1_000_000);
    const sizes = [300_000, 300_000, 300_000, 100_000];
    let offset = 0;
    const parts = sizes.map((length) => {
      const part = data.subarray(offset, offset + length);
      offset += length;
      return { crc32c: crc32c(part), length };
    });
    expect(combinePartCrcs(parts)).toBe(crc32c(data));
  });

  it('knows the standard check value and the wire format', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32cToBase64(0xe3069283)).toBe('4waSgw==');
    expect(crc32cFromBase64('4waSgw==')).toBe(0xe3069283);
    expect(combinePartCrcs([])).toBe(0);
  });

  it('handles lengths beyond 4 GiB (parts of a terabyte object)', () => {
    // CRC of 5 GiB of zeros combined with a CRC: compare with folding smaller known pieces.
    const zeros = Buffer.alloc(1 << 20);
    const zeroMiB = crc32c(zeros);
    let crcOfZeros = 0;
    for (let i = 0; i < 5 * 1024; i++) crcOfZeros = crc32cCombine(crcOfZeros, zeroMiB, 1 << 20);
    const tail = Buffer.from('tail');
    const viaPieces = crc32cCombine(crcOfZeros, crc32c(tail), tail.length);
    const viaOne = crc32cCombine(crcOfZeros, crc32c(tail), 4);
    expect(viaOne).toBe(viaPieces);
    // and a long B: zeros(5 GiB) appended to "head"
    const head = Buffer.from('head');
    const stepwise = (() => {
      let c = crc32c(head);
      for (let i = 0; i < 5 * 1024; i++) c = crc32cCombine(c, zeroMiB, 1 << 20);
      return c;
    })();
    expect(crc32cCombine(crc32c(head), crcOfZeros, 5 * 1024 * (1 << 20))).toBe(stepwise);
  });
});
