import { describe, expect, it } from 'vitest';
import type { RateEpoch } from '../../../src/core/upload-event.js';
import { decideLanes } from '../../../src/transfer/lane-controller.js';

const MiB = 1024 * 1024;
/** A stretch of `ms` at `lanes` lanes moving `mibPerSecond`. */
const at = (lanes: number, mibPerSecond: number, ms = 250): RateEpoch => ({
  lanes,
  bytes: Math.round((mibPerSecond * MiB * ms) / 1000),
  ms,
});
const plenty = { max: 32, partsLeft: 100 };

/**
 * Recorded on this VM through bench/wan-relay.ts (20 ms, 1 MiB window per connection, TLS HTTP/1.1
 * to the nginx sink, 1 GiB in 64 parts of 16 MiB): the `trace` of the `lanes` events, bytes as the
 * lanes handed them to their sockets.
 */
const RECORDED_20MS_1MIB: RateEpoch[] = [
  { lanes: 11, bytes: 524288, ms: 251.269 },
  { lanes: 11, bytes: 66584576, ms: 291.672 },
  { lanes: 11, bytes: 47185920, ms: 307.672 },
  { lanes: 14, bytes: 46137344, ms: 263.536 },
  { lanes: 14, bytes: 38273024, ms: 250.304 },
];
/** The same, with a 4 MiB window: the machine, not the link, held the rate (other engineers' jobs). */
const RECORDED_20MS_4MIB: RateEpoch[] = [
  { lanes: 11, bytes: 524288, ms: 250.417 },
  { lanes: 11, bytes: 11534336, ms: 276.985 },
  { lanes: 11, bytes: 88604672, ms: 575.491 },
  { lanes: 11, bytes: 23068672, ms: 398.761 },
  { lanes: 14, bytes: 52428800, ms: 417.663 },
  { lanes: 14, bytes: 8388608, ms: 356.6 },
];

describe('decideLanes', () => {
  it('does not judge a count on its first stretch: the warm-up of connections just opened', () => {
    expect(decideLanes(RECORDED_20MS_1MIB.slice(0, 1), plenty)).toMatchObject({ lanes: 11, settled: false });
    expect(decideLanes(RECORDED_20MS_1MIB.slice(0, 2), plenty)).toMatchObject({ lanes: 11, settled: false });
  });

  it("tries a quarter more lanes once the model's guess is measured (recorded, 20 ms, 1 MiB window)", () => {
    const decision = decideLanes(RECORDED_20MS_1MIB.slice(0, 3), plenty);
    expect(decision).toMatchObject({ lanes: 14, settled: false });
    expect(decision.why).toBe('11 lanes moved 181 MiB/s: trying 14');
  });

  it('waits for the added lanes to be measured over two stretches after their first', () => {
    expect(decideLanes(RECORDED_20MS_1MIB, plenty)).toMatchObject({ lanes: 14, settled: false, why: 'measuring 14 lanes' });
  });

  it('tries fewer lanes when the added ones moved no more (recorded, 20 ms, 4 MiB window: the CPU, not the link, bound)', () => {
    const trace = [...RECORDED_20MS_4MIB, at(14, 150, 400)];
    expect(decideLanes(trace, plenty)).toEqual({
      lanes: 8,
      settled: false,
      why: '14 lanes moved 90 MiB/s against 112 MiB/s on 11: trying 8',
    });
  });

  it('keeps adding while each added lane brings at least half a lane of rate', () => {
    const trace = [at(8, 100), at(8, 100), at(8, 100), at(10, 110), at(10, 120), at(10, 120)];
    expect(decideLanes(trace, plenty)).toMatchObject({ lanes: 13, settled: false }); // +20 MiB/s for 2 lanes of 12.5
    const more = [...trace, at(13, 130), at(13, 150), at(13, 150)];
    expect(decideLanes(more, plenty)).toMatchObject({ lanes: 17, settled: false });
  });

  it('under a rate cap, comes down to the fewest lanes that still fill it, and stays there', () => {
    // 200 MiB/s shared by every connection: 8 lanes fill it, so do 6, not 4.
    const capped = [at(8, 195), at(8, 200), at(8, 200), at(10, 190), at(10, 200), at(10, 201)];
    expect(decideLanes(capped, plenty)).toMatchObject({ lanes: 6, settled: false });
    const six = [...capped, at(6, 180), at(6, 199), at(6, 197)];
    expect(decideLanes(six, plenty)).toMatchObject({ lanes: 4, settled: false, why: '6 lanes moved 198 MiB/s: trying 4' });
    const four = [...six, at(4, 150), at(4, 150), at(4, 151)];
    expect(decideLanes(four, plenty)).toEqual({
      lanes: 6,
      settled: true,
      why: '4 lanes moved 151 MiB/s against 198 MiB/s on 6: back to 6',
    });
    // A settled trace stays settled whatever comes after.
    expect(decideLanes([...four, at(6, 260), at(6, 260), at(6, 260)], plenty)).toMatchObject({ lanes: 6, settled: true });
  });

  it('goes back up when fewer lanes lose rate: the link, not the host, was what bound', () => {
    const trace = [at(8, 100), at(8, 100), at(8, 100), at(10, 104), at(10, 104), at(10, 104), at(6, 70), at(6, 75), at(6, 75)];
    expect(decideLanes(trace, plenty)).toMatchObject({ lanes: 8, settled: true });
  });

  it('never goes beyond the most lanes allowed, and comes down to it', () => {
    const trace = [at(30, 300), at(30, 300), at(30, 300)];
    expect(decideLanes(trace, { max: 32, partsLeft: 100 })).toMatchObject({ lanes: 32, settled: false });
    expect(decideLanes([...trace, at(32, 330), at(32, 330), at(32, 330)], { max: 32, partsLeft: 100 })).toMatchObject({
      lanes: 32,
      settled: true,
      why: '32 lanes is the most allowed',
    });
    expect(decideLanes(trace, { max: 16, partsLeft: 100 })).toMatchObject({ lanes: 16, settled: true });
  });

  it('adds no lane near the end, where its connection would only open for the tail', () => {
    const trace = [at(16, 200), at(16, 200), at(16, 200)];
    expect(decideLanes(trace, { max: 32, partsLeft: 39 })).toMatchObject({ lanes: 16, settled: true });
    expect(decideLanes(trace, { max: 32, partsLeft: 40 })).toMatchObject({ lanes: 20, settled: false });
  });

  it('is a pure function of the trace: the same trace, the same decision', () => {
    const trace = [...RECORDED_20MS_1MIB, at(14, 170)];
    expect(decideLanes(trace, plenty)).toEqual(decideLanes([...trace], { ...plenty }));
  });
});
