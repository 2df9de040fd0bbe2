import { describe, expect, it } from 'vitest';
import { PartScheduler } from '../../../src/transfer/part-scheduler.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('PartScheduler', () => {
  it('never exceeds the parts-in-flight cap', async () => {
    const scheduler = new PartScheduler({ maxPartsInFlight: 2, maxBytesInFlight: Infinity });
    const owner = {};
    const granted: Array<() => void> = [];
    for (let i = 0; i < 5; i++) void scheduler.acquire(owner, 1).then((release) => granted.push(release));
    await tick();
    expect(granted).toHaveLength(2);
    granted.shift()!();
    await tick();
    expect(granted).toHaveLength(2);
    expect(scheduler.partsInFlight).toBe(2);
  });

  it('serves waiting uploads in turn, not in arrival order', async () => {
    const scheduler = new PartScheduler({ maxPartsInFlight: 1, maxBytesInFlight: Infinity });
    const big = {};
    const small = {};
    const order: string[] = [];
    const releases: Array<() => void> = [];
    const take = (owner: object, name: string) =>
      scheduler.acquire(owner, 1).then((release) => {
        order.push(name);
        releases.push(release);
      });
    for (let i = 0; i < 4; i++) void take(big, 'big');
    await tick();
    void take(small, 'small');
    for (let i = 0; i < 3; i++) {
      releases.shift()!();
      await tick();
    }
    expect(order).toEqual(['big', 'small', 'big', 'big']);
  });

  it('keeps bytes in flight under the cap, but lets one oversized part run alone', async () => {
    const scheduler = new PartScheduler({ maxPartsInFlight: 10, maxBytesInFlight: 100 });
    const owner = {};
    const granted: number[] = [];
    const releases: Array<() => void> = [];
    for (const bytes of [60, 60, 500])
      void scheduler.acquire(owner, bytes).then((r) => {
        granted.push(bytes);
        releases.push(r);
      });
    await tick();
    expect(granted).toEqual([60]);
    releases.shift()!();
    await tick();
    expect(granted).toEqual([60, 60]);
    releases.shift()!();
    await tick();
    expect(granted).toEqual([60, 60, 500]);
  });

  it('a cancelled wait gives up its place', async () => {
    const scheduler = new PartScheduler({ maxPartsInFlight: 1, maxBytesInFlight: Infinity });
    const release = await scheduler.acquire({}, 1);
    const controller = new AbortController();
    const waiting = scheduler.acquire({}, 1, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'PARTPUSH_ABORTED' });
    release();
    expect(scheduler.partsInFlight).toBe(0);
  });
});
