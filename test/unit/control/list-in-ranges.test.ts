import { describe, expect, it } from 'vitest';
import { listInRanges } from '../../../src/control/list-in-ranges.js';

type Order = (a: string, b: string) => number;

const byUtf16: Order = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const byUtf8: Order = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));
/** A store that sorts in its own way, against which `starts` taken in another order mean nothing. */
const reversed: Order = (a, b) => byUtf16(b, a);

/**
 * A store's listing as S3 pages it: the keys after `startAfter` in the store's own order, `pageKeys`
 * a page. Counts pages served, pages asked at once, and listings closed.
 */
function fakeStore(keys: Iterable<string>, order: Order, pageKeys = 1000, failAfter?: string, emptyFirstPageAfter?: Set<string>) {
  const sorted = [...new Set(keys)].sort(order);
  const stats = { pages: 0, inFlight: 0, mostInFlight: 0, opened: 0, closed: 0 };
  const listFrom = async function* (startAfter: string | undefined) {
    stats.opened++;
    try {
      if (failAfter !== undefined && startAfter === failAfter) throw new Error(`listing after ${failAfter} failed`);
      let at = startAfter === undefined ? 0 : sorted.findIndex((k) => order(k, startAfter) > 0);
      if (at < 0) at = sorted.length;
      if (startAfter !== undefined && emptyFirstPageAfter?.has(startAfter)) yield []; // IsTruncated=true, no Contents
      while (true) {
        stats.inFlight++;
        stats.mostInFlight = Math.max(stats.mostInFlight, stats.inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        stats.inFlight--;
        stats.pages++;
        const page = sorted.slice(at, at + pageKeys).map((key) => ({ key }));
        at += pageKeys;
        yield page;
        if (at >= sorted.length) return;
      }
    } finally {
      stats.closed++;
    }
  };
  return { listFrom, stats, sorted };
}

async function listed(pages: AsyncIterable<{ key: string }[]>): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of pages) for (const { key } of page) keys.push(key);
  return keys;
}

const names = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `d${Math.floor((i + from) / 100)}/f${i + from}.bin`);

/** Every `every`-th key of `keys` in `order` (the stores': UTF-8 bytes), as the sync record gives them. */
function startsOf(keys: readonly string[], every: number, order: Order = byUtf8): string[] {
  const sorted = [...keys].sort(order);
  const starts: string[] = [];
  for (let i = every; i < sorted.length; i += every) starts.push(sorted[i - 1]!);
  return starts;
}

describe('listInRanges', () => {
  it('lists every key once, a page per range when the store holds what the starts came from', async () => {
    const keys = names(10_000);
    const store = fakeStore(keys, byUtf8);
    const got = await listed(listInRanges(store.listFrom, startsOf(keys, 1000)));
    expect(got.sort()).toEqual([...keys].sort());
    expect(store.stats.pages).toBe(10);
    expect(store.stats.closed).toBe(store.stats.opened);
  });

  it('reads on within a range that gained keys, and stops at the next range wherever its start key went', async () => {
    const before = names(5000);
    const starts = startsOf(before, 1000);
    // Another writer added 2,500 keys inside the ranges and deleted two of the start keys.
    const after = [...before.filter((k) => k !== starts[1] && k !== starts[3]), ...names(2500, 20_000).map((k) => `d1${k}`)];
    const store = fakeStore(after, byUtf8, 700);
    const got = await listed(listInRanges(store.listFrom, starts));
    expect(got.sort()).toEqual([...new Set(after)].sort());
  });

  it('each key once, in a page count of the keys alone, where JavaScript and UTF-8 order differ (fullwidth and emoji names)', async () => {
    // U+FF08 sorts after an emoji by UTF-16 units, before it by UTF-8 bytes (S3's order).
    const keys = ['a/', 'b/\uFF08', 'b/\u{1F600}', 'c/'].flatMap((head) => Array.from({ length: 3000 }, (_, i) => `${head}${i}`));
    const store = fakeStore(keys, byUtf8);
    const got = await listed(listInRanges(store.listFrom, startsOf(keys, 1000)));
    expect(got.sort()).toEqual([...keys].sort());
    expect(store.stats.pages).toBe(12);
  });

  it('each key once when the next range answers an empty first page that is not its last (S3 may)', async () => {
    const before = names(10_000);
    const starts = startsOf(before, 1000);
    const after = before.filter((k) => k !== starts[0]);
    const store = fakeStore(after, byUtf8, 1000, undefined, new Set([starts[0]!]));
    const got = await listed(listInRanges(store.listFrom, starts));
    expect(got.sort()).toEqual([...after].sort());
  });

  it('loses no key when the store sorts otherwise than the starts were taken', async () => {
    const keys = [...names(3000), 'a\u{1F600}', 'a\uFFFD', 'a\uE000', 'b', 'B', ' space'];
    for (const order of [reversed, byUtf8]) {
      const store = fakeStore(keys, order, 250);
      const got = new Set(await listed(listInRanges(store.listFrom, startsOf(keys, 250))));
      expect([...got].sort()).toEqual([...new Set(keys)].sort());
    }
  });

  it('holds for random trees changed at random since their starts were taken', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = ['a', 'b', 'z', '/', '-', '\u00e9', '\uE000', '\u{10000}'];
    const word = () =>
      Array.from({ length: 1 + Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let round = 0; round < 60; round++) {
      const before = Array.from({ length: Math.floor(random() * 400) }, word);
      const kept = before.filter(() => random() > 0.2);
      const after = [...kept, ...Array.from({ length: Math.floor(random() * 200) }, word)];
      const order = [byUtf16, byUtf8, reversed][round % 3]!;
      const store = fakeStore(after, order, 1 + Math.floor(random() * 50));
      // Starts taken in the store's own order (as the record takes them) or in another.
      const starts = startsOf([...new Set(before)], 1 + Math.floor(random() * 40), round % 2 ? order : byUtf16);
      const got = await listed(listInRanges(store.listFrom, starts, 1 + Math.floor(random() * 8)));
      expect([...new Set(got)].sort(), `round ${round}`).toEqual([...new Set(after)].sort());
      if (round % 2) expect(got.length, `round ${round}: each key once`).toBe(new Set(after).size);
      expect(store.stats.closed).toBe(store.stats.opened);
    }
  });

  it('lists an empty prefix as no page at all', async () => {
    const store = fakeStore([], byUtf8);
    expect(await listed(listInRanges(store.listFrom, ['a', 'b']))).toEqual([]);
  });

  it('asks at most the ranges allowed at once (and the next one’s first page)', async () => {
    const keys = names(20_000);
    const store = fakeStore(keys, byUtf8);
    await listed(listInRanges(store.listFrom, startsOf(keys, 1000), 4));
    expect(store.stats.mostInFlight).toBeLessThanOrEqual(5);
    expect(store.stats.mostInFlight).toBeGreaterThan(1);
  });

  it('fails with a range’s failure, and closes every range it opened', async () => {
    const keys = names(5000);
    const starts = startsOf(keys, 1000);
    const store = fakeStore(keys, byUtf8, 1000, starts[2]);
    await expect(listed(listInRanges(store.listFrom, starts))).rejects.toThrow(`listing after ${starts[2]} failed`);
    expect(store.stats.closed).toBe(store.stats.opened);
  });

  it('closes every range when its reader stops early', async () => {
    const keys = names(8000);
    const store = fakeStore(keys, byUtf8);
    for await (const page of listInRanges(store.listFrom, startsOf(keys, 1000))) {
      expect(page.length).toBeGreaterThan(0);
      break;
    }
    expect(store.stats.closed).toBe(store.stats.opened);
  });

  it('keeps a range’s failure for its reader while the reader is busy elsewhere (sync’s walk): never an unhandled rejection', async () => {
    const keys = names(5000).sort(byUtf8);
    const listFrom = async function* (startAfter: string | undefined) {
      let at = startAfter === undefined ? 0 : keys.findIndex((k) => k > startAfter);
      for (let n = 0; at < keys.length; n++, at += 600) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (n === 1) throw new Error(`listing after ${startAfter} failed`);
        yield keys.slice(at, at + 600).map((key) => ({ key }));
      }
    };
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const pages = listInRanges(listFrom, startsOf(keys, 1000));
      await pages.next();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await expect(listed({ [Symbol.asyncIterator]: () => pages })).rejects.toThrow('failed');
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});
