import { describe, expect, it } from 'vitest';
import { byUtf8, firstAfter } from '../../../src/core/key-order.js';

/** Keys drawn from the ranges where UTF-16 and UTF-8 orders part: ASCII, E000-FFFF, and past U+FFFF. */
function randomKey(random: () => number): string {
  const points = [0x2f, 0x41, 0x61, 0xe9, 0x7ff, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x1f600, 0x10ffff];
  let key = '';
  const length = 1 + Math.floor(random() * 4);
  for (let i = 0; i < length; i++) key += String.fromCodePoint(points[Math.floor(random() * points.length)]!);
  return key;
}

function seeded(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

const bytesOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

describe('key order (S3 lists keys by their UTF-8 bytes)', () => {
  it('agrees with a comparison of the UTF-8 bytes on 20,000 pairs, characters past U+FFFF included', () => {
    const random = seeded(7);
    for (let i = 0; i < 20_000; i++) {
      const a = randomKey(random);
      const b = randomKey(random);
      expect(Math.sign(byUtf8(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(bytesOrder(a, b));
    }
  });

  it("puts a character past U+FFFF after U+FFFD, which JavaScript's < does not", () => {
    expect('\u{1f600}' < '\ufffd').toBe(true);
    expect(byUtf8('\u{1f600}', '\ufffd')).toBeGreaterThan(0);
  });

  it('finds the first key after (or at) a key by binary search', () => {
    const random = seeded(11);
    const sorted = [...new Set(Array.from({ length: 500 }, () => randomKey(random)))].sort(byUtf8);
    for (let i = 0; i < 200; i++) {
      const probe = i % 2 ? sorted[Math.floor(random() * sorted.length)]! : randomKey(random);
      const firstWhere = (keep: (order: number) => boolean) => {
        const at = sorted.findIndex((k) => keep(bytesOrder(k, probe)));
        return at === -1 ? sorted.length : at;
      };
      expect(firstAfter(sorted, probe)).toBe(firstWhere((order) => order > 0));
      expect(firstAfter(sorted, probe, true)).toBe(firstWhere((order) => order >= 0));
    }
  });
});
