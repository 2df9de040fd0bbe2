import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SlabChain, SlabPool } from '../../../src/compress/held-slabs.js';

const SLAB = 1024;

describe('held slabs: where compressed parts wait for the store', () => {
  it('a chain keeps its bytes in order across slabs, and serves any range in views no longer than asked', async () => {
    const chain = new SlabChain(new SlabPool(SLAB, 64 * SLAB));
    const bytes = randomBytes(5 * SLAB + 17);
    await chain.append(bytes.subarray(0, 700));
    await chain.appendZeros(900);
    await chain.append(bytes.subarray(700));
    const expected = Buffer.concat([bytes.subarray(0, 700), Buffer.alloc(900), bytes.subarray(700)]);
    expect(chain.length).toBe(expected.length);
    for (const [start, length, chunk] of [
      [0, expected.length, 300],
      [1000, 2500, 4096],
      [expected.length - 1, 1, 64],
    ] as const) {
      const views = [...chain.range(start, length, chunk)];
      expect(views.every((v) => v.length <= chunk && v.length > 0)).toBe(true);
      expect(Buffer.concat(views).equals(expected.subarray(start, start + length))).toBe(true);
    }
  });

  it('holds no more than its budget: a part waits for slabs until another gives its back', async () => {
    const pool = new SlabPool(SLAB, 3 * SLAB);
    const first = new SlabChain(pool);
    await first.append(Buffer.alloc(3 * SLAB, 1));
    const second = new SlabChain(pool);
    let appended = false;
    const waiting = second.append(Buffer.alloc(SLAB, 2)).then(() => (appended = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(appended).toBe(false);
    first.release(true);
    await waiting;
    expect(appended).toBe(true);
    expect(Buffer.concat([...second.range(0, SLAB, SLAB)]).equals(Buffer.alloc(SLAB, 2))).toBe(true);
  });

  it('reuses the slabs of an acknowledged part, not those of a failed attempt, and releases the budget either way', async () => {
    const pool = new SlabPool(SLAB, 2 * SLAB);
    const acknowledged = new SlabChain(pool);
    await acknowledged.append(Buffer.alloc(SLAB));
    const slab = [...acknowledged.range(0, SLAB, SLAB)][0]!.buffer;
    acknowledged.release(true);
    const next = new SlabChain(pool);
    await next.append(Buffer.alloc(SLAB));
    expect([...next.range(0, SLAB, SLAB)][0]!.buffer).toBe(slab);
    next.release(false);
    const after = new SlabChain(pool);
    await after.append(Buffer.alloc(2 * SLAB));
    expect([...after.range(0, SLAB, SLAB)][0]!.buffer).not.toBe(slab);
  });

  it('fitPart lets one part larger than the budget be held whole (it would wait forever otherwise)', async () => {
    const pool = new SlabPool(SLAB, 2 * SLAB);
    pool.fitPart(5 * SLAB);
    const big = new SlabChain(pool);
    await big.append(Buffer.alloc(5 * SLAB));
    expect(big.length).toBe(5 * SLAB);
  });
});
