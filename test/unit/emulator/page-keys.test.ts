import { describe, expect, it } from 'vitest';
import { pageKeys } from '../../../src/emulator/requests/lists/page-keys.js';
import { byUtf8 } from '../../../src/core/key-order.js';

/** The whole listing, made independently: each key under the prefix, or its common prefix, once, in key order. */
function wholeListing(keys: readonly string[], prefix: string, delimiter: string): string[] {
  const items: string[] = [];
  for (const key of keys) {
    if (!key.startsWith(prefix)) continue;
    const at = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
    const item = at < 0 ? key : key.slice(0, at + delimiter.length);
    if (items.at(-1) !== item) items.push(item);
  }
  return items;
}

/** The same listing read a page of `maxKeys` at a time, each page starting after the last one's last item. */
function paged(keys: readonly string[], prefix: string, delimiter: string, maxKeys: number): string[] {
  const items: string[] = [];
  let after = '';
  for (let pages = 0; pages < 1000; pages++) {
    const page = pageKeys(keys, prefix, delimiter, after, maxKeys);
    items.push(...[...page.keys, ...page.commonPrefixes].sort(byUtf8));
    if (!page.truncated) return items;
    after = page.last!;
  }
  throw new Error('the listing never ended');
}

function seeded(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

describe('a listing read page by page', () => {
  it('a key equal to the prefix and ending in the delimiter (a folder marker) ends a page without hiding the keys after it', () => {
    const keys = ['x/', 'x/a', 'x/b', 'x/c'];
    expect(paged(keys, 'x/', '/', 1)).toEqual(keys);
  });

  it('gives every key or common prefix once, whatever the page size, for random keys, prefixes and delimiters', () => {
    const random = seeded(7);
    const alphabet = ['a', 'b', '/', '-', '😀'];
    const pick = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let round = 0; round < 300; round++) {
      const keys = [...new Set(Array.from({ length: 1 + Math.floor(random() * 30) }, () => pick(1 + Math.floor(random() * 5))))].sort(
        byUtf8,
      );
      const prefix = random() < 0.3 ? '' : pick(1 + Math.floor(random() * 2));
      const delimiter = random() < 0.2 ? '' : pick(1 + Math.floor(random() * 2));
      const whole = wholeListing(keys, prefix, delimiter);
      for (const maxKeys of [1, 2, 3, 1000]) {
        expect(paged(keys, prefix, delimiter, maxKeys), JSON.stringify({ keys, prefix, delimiter, maxKeys })).toEqual(whole);
      }
    }
  });
});
