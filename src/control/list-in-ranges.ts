/**
 * A prefix listed as several ranges at once instead of one chain of pages: a listing is a page
 * per round trip, each page asked only once the one before it answered (its continuation token),
 * so 100,000 keys cost a hundred round trips in a row. Given keys expected in the prefix (`starts`,
 * in the store's order: the last sync's keys, every thousandth), range 0 lists from the prefix's
 * start and range i from after starts[i-1] (`start-after`), several at once.
 *
 * Where a range stops is decided by meeting the next range, never by comparing keys: range i
 * stops at starts[i] itself, or at the first key range i+1 listed (the store's next key after
 * starts[i]), whichever it reaches first, or at the end. Every key is then listed whatever
 * changed since `starts` were taken (a key gone only makes its range read on to the next one's
 * first key), and whatever order the store lists in, so long as its `start-after` selects exactly
 * the keys it lists after that key: S3, GCS and the S3-compatible stores compare UTF-8 bytes both
 * ways. A range that never meets the next one (starts out of the store's order) reads on to the
 * end, which costs pages and lists keys twice but loses none.
 */

/** Ranges whose pages are asked at once: each holds at most one page waiting to be read. */
const RANGES_AT_ONCE = 8;

export interface Keyed {
  key: string;
}

/** The pages of the keys after `startAfter` (from the prefix's start when undefined), in the store's order. */
export type ListFrom<T extends Keyed> = (startAfter: string | undefined) => AsyncGenerator<T[]>;

/** Pages of every key under the prefix, ranges interleaved (not in key order); each key once when `starts` are in the store's order. */
export async function* listInRanges<T extends Keyed>(
  listFrom: ListFrom<T>,
  starts: readonly string[],
  rangesAtOnce = RANGES_AT_ONCE,
): AsyncGenerator<T[]> {
  const ranges: Range<T>[] = [];
  const open = (index: number): Range<T> => (ranges[index] ??= new Range(listFrom(index === 0 ? undefined : starts[index - 1])));
  const running = new Map<number, Promise<{ index: number; page?: T[] }>>();
  let next = 0;
  const step = (index: number) => {
    const asked = nextPage(index).then((page) => ({ index, page }));
    // Raced for only while the reader waits for a page: a failure meanwhile is kept for it, not unhandled.
    asked.catch(() => {});
    running.set(index, asked);
  };
  const nextPage = async (index: number): Promise<T[] | undefined> => {
    const range = open(index);
    if (index === starts.length) return range.next(undefined, undefined);
    // The next range's first page is asked now, so that this one knows where to stop.
    return range.next(starts[index], await open(index + 1).firstKey());
  };
  try {
    while (next <= starts.length || running.size > 0) {
      while (next <= starts.length && running.size < rangesAtOnce) step(next++);
      const { index, page } = await Promise.race(running.values());
      running.delete(index);
      if (page === undefined) continue;
      // The range's next page is asked before this one is read, so that the store works meanwhile.
      step(index);
      if (page.length > 0) yield page;
    }
  } finally {
    await Promise.allSettled(running.values());
    await Promise.allSettled(ranges.map((range) => range.close()));
  }
}

/** One range's pages, cut where it meets the next range. */
class Range<T extends Keyed> {
  readonly #pages: AsyncGenerator<T[]>;
  /** Pages read before they were asked for, to find the range's first key; handed out first. */
  readonly #ahead: Array<IteratorResult<T[]>> = [];
  readonly #firstKey: Promise<string | undefined>;
  #done = false;

  constructor(pages: AsyncGenerator<T[]>) {
    this.#pages = pages;
    this.#firstKey = this.#readToFirstKey();
    // Read by next() or firstKey(); a failure is rethrown there, never left unhandled.
    this.#firstKey.catch(() => {});
  }

  /** The first key this range lists (from its first page that holds one), undefined when it lists none. */
  firstKey(): Promise<string | undefined> {
    return this.#firstKey;
  }

  /**
   * The range's next page up to where the next range takes over: `bound` (the next range lists
   * after it) or `nextFirst` (the next range's first key); undefined once the range is done.
   */
  async next(bound: string | undefined, nextFirst: string | undefined): Promise<T[] | undefined> {
    if (this.#done) return undefined;
    await this.#firstKey;
    const result = this.#ahead.shift() ?? (await this.#pages.next());
    if (result.done) {
      this.#done = true;
      return undefined;
    }
    const page = result.value;
    for (let i = 0; i < page.length; i++) {
      const key = page[i]!.key;
      if (key === nextFirst || key === bound) {
        this.#done = true;
        await this.close();
        return page.slice(0, key === bound ? i + 1 : i);
      }
    }
    return page;
  }

  async close(): Promise<void> {
    this.#done = true;
    this.#ahead.length = 0;
    await this.#pages.return(undefined);
  }

  /**
   * Reads pages until one holds a key: a store may answer an empty page that is not the last (S3
   * allows it), and a previous range that took it for an empty range would read on to the end.
   */
  async #readToFirstKey(): Promise<string | undefined> {
    for (;;) {
      const result = await this.#pages.next();
      this.#ahead.push(result);
      if (result.done) return undefined;
      if (result.value.length > 0) return result.value[0]!.key;
    }
  }
}
