import { describe, expect, it } from 'vitest';
import { readAhead } from '../../../src/cli/tree/read-ahead.js';

/** A source that counts how far it was pulled, and fails at `failAt` if given. */
function counted(items: number, failAt?: number) {
  const state = { pulled: 0, returned: false };
  async function* source() {
    try {
      for (let i = 0; i < items; i++) {
        state.pulled = i + 1;
        if (i === failAt) throw new Error(`page ${i} failed`);
        yield i;
      }
    } finally {
      state.returned = true;
    }
  }
  return { state, source: source() };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('readAhead', () => {
  it('pulls up to `ahead` items before any is asked for, and no more', async () => {
    const { state, source } = counted(10);
    readAhead(source, 3);
    await settle();
    expect(state.pulled).toBe(3);
  });

  it('yields every item in order, pulling more as they are taken', async () => {
    const { state, source } = counted(10);
    const seen: number[] = [];
    for await (const item of readAhead(source, 3)) seen.push(item);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(state.returned).toBe(true);
  });

  it('hands a failure to the reader after the items before it, with no unhandled rejection', async () => {
    const { source } = counted(10, 2);
    const reader = readAhead(source, 4);
    await settle(); // the failure has happened, unread
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of reader) seen.push(item);
      })(),
    ).rejects.toThrow('page 2 failed');
    expect(seen).toEqual([0, 1]);
  });

  it('ends the source when the reader stops early', async () => {
    const { state, source } = counted(100);
    for await (const item of readAhead(source, 2)) if (item === 1) break;
    expect(state.returned).toBe(true);
    expect(state.pulled).toBeLessThan(10);
  });
});
