import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LaneTrace } from '../../../src/core/upload-event.js';
import { decideLanes } from '../../../src/transfer/lane-controller.js';

const MiB = 1024 * 1024;
const PART = 8 * MiB;
const plenty = { max: 32, partsLeft: 200 };

/**
 * Counts held one after another, each for `ms`, every lane sending 8 MiB parts back to back at
 * `mibPerLane` MiB/s: the parts the store answered, as the board reports them.
 */
function run(...counts: Array<[lanes: number, ms: number, mibPerLane: number]>): LaneTrace {
  const trace: LaneTrace = { levels: [], parts: [] };
  let at = 0;
  for (const [lanes, ms, mibPerLane] of counts) {
    trace.levels.push({ lanes, atMs: at });
    const partMs = (PART / MiB / mibPerLane) * 1000;
    for (let lane = 0; lane < lanes; lane++) {
      for (let start = at; start + partMs <= at + ms; start += partMs)
        trace.parts.push({ bytes: PART, startedMs: start, answeredMs: start + partMs });
    }
    at += ms;
  }
  return trace;
}

/**
 * Recorded on this VM through bench/wan-relay.ts (TLS HTTP/1.1 to the nginx sink, 1 GiB in parts
 * of 8-10 MiB): the `trace` of the last `lanes` event, which holds the count that event set as its
 * last level; the 1 MiB window's, every part of the upload.
 */
function recorded(name: string): LaneTrace {
  return JSON.parse(readFileSync(new URL(`./recorded-lane-traces/${name}.json`, import.meta.url), 'utf8')) as LaneTrace;
}
/** The trace as it was when the decision that ends it was taken. */
function before(trace: LaneTrace): LaneTrace {
  return { levels: trace.levels.slice(0, -1), parts: trace.parts };
}

describe('decideLanes', () => {
  it('takes its first step up as the first part is answered: it waits for no rate', () => {
    expect(decideLanes(run([16, 600, 12.5]), plenty)).toEqual({ lanes: 16, settled: false, why: 'measuring 16 lanes' }); // a part takes 640 ms
    expect(decideLanes(run([16, 700, 12.5]), plenty)).toEqual({
      lanes: 32,
      settled: false,
      why: 'a first part answered on 16 lanes: trying 32',
    });
  });

  it('judges the first count on its first wave, however late each part of it was answered', () => {
    // The step up came with the first answer (at 640 ms); the other parts of the wave were answered
    // after it, and are the first count's.
    const firstWave = Array.from({ length: 16 }, (_, i) => ({ bytes: PART, startedMs: 0, answeredMs: 640 + 10 * i }));
    const secondCount = Array.from({ length: 16 }, (_, i) => ({ bytes: PART, startedMs: 700 + i, answeredMs: 700 + 900 + i }));
    const trace: LaneTrace = {
      levels: [
        { lanes: 16, atMs: 0 },
        { lanes: 32, atMs: 640 },
      ],
      parts: [...firstWave, ...secondCount],
    };
    // 16 lanes at 11.2 MiB/s (median part 715 ms), then 32 at 8.9: +105 MiB/s for 16 lanes of 11.2, more than half a lane each.
    expect(decideLanes(trace, plenty)).toEqual({ lanes: 32, settled: true, why: '32 lanes is the most allowed' });
    expect(decideLanes({ ...trace, parts: firstWave }, plenty)).toEqual({ lanes: 32, settled: false, why: 'measuring 32 lanes' });
  });

  it('keeps the doubled count where it moved more (recorded: 60 ms, 1 MiB windows, the whole upload)', () => {
    expect(decideLanes(recorded('60ms-1mib-window'), plenty)).toEqual({ lanes: 32, settled: true, why: '32 lanes is the most allowed' });
  });

  it('under a rate cap, comes down when the added lanes moved too little, and back when fewer lost rate (recorded: 60 ms, 200 MiB/s cap)', () => {
    const cap = recorded('60ms-200mib-cap');
    expect(cap.levels.map((l) => l.lanes)).toEqual([19, 32, 14, 19]);
    const beforeFourteen = { levels: cap.levels.slice(0, 2), parts: cap.parts.filter((p) => p.answeredMs <= cap.levels[2]!.atMs) };
    expect(decideLanes(beforeFourteen, plenty)).toEqual({
      lanes: 14,
      settled: false,
      why: '32 lanes moved 201 MiB/s against 183 MiB/s on 19: trying 14',
    });
    expect(decideLanes(before(cap), plenty)).toEqual({
      lanes: 19,
      settled: true,
      why: '14 lanes moved 158 MiB/s against 183 MiB/s on 19: back to 19',
    });
  });

  it('on a host that is the bound, comes down to the fewest lanes that hold the rate (recorded: 20 ms, 4 MiB windows)', () => {
    const host = recorded('20ms-4mib-window');
    expect(host.levels.map((l) => l.lanes)).toEqual([7, 14, 5, 3, 2, 3]);
    expect(decideLanes(before(host), plenty)).toEqual({
      lanes: 3,
      settled: true,
      why: '2 lanes moved 294 MiB/s against 419 MiB/s on 3: back to 3',
    });
  });

  it('counts a part only for the count it ran under from start to answer', () => {
    const parts = (n: number, startedMs: number, ms: number) =>
      Array.from({ length: n }, (_, i) => ({ bytes: PART, startedMs: startedMs + i, answeredMs: startedMs + i + ms }));
    const trace: LaneTrace = {
      levels: [
        { lanes: 16, atMs: 0 },
        { lanes: 32, atMs: 700 },
        { lanes: 24, atMs: 1700 },
      ],
      parts: [
        ...parts(16, 0, 640), // 16 lanes at 12.5 MiB/s: 200 MiB/s
        ...parts(16, 700, 640), // 32 lanes at 12.5: 400
        ...parts(16, 1500, 2200), // started under 32, answered under 24, slow: the 32 lanes' rate would halve
        ...parts(12, 1700, 640), // 24 lanes at 12.5: 300
      ],
    };
    expect(decideLanes(trace, plenty)).toEqual({
      lanes: 32,
      settled: true,
      why: '24 lanes moved 300 MiB/s against 400 MiB/s on 32: back to 32',
    });
  });

  it('keeps doubling while each added lane brings at least half a lane of rate', () => {
    expect(decideLanes(run([4, 1000, 25]), plenty)).toMatchObject({ lanes: 8, settled: false });
    // 100 MiB/s on 4, 160 on 8: +60 for 4 lanes of 25, more than half a lane each.
    expect(decideLanes(run([4, 1000, 25], [8, 1000, 20]), plenty)).toEqual({
      lanes: 16,
      settled: false,
      why: '8 lanes moved 160 MiB/s: trying 16',
    });
  });

  it('comes down to the fewest lanes that still fill a cap, and stays there', () => {
    // 200 MiB/s shared by every connection: 8 lanes fill it, so do 6, not 4.
    const capped = run([8, 1000, 25], [16, 1000, 12.5]);
    expect(decideLanes(capped, plenty)).toMatchObject({ lanes: 6, settled: false });
    const six = run([8, 1000, 25], [16, 1000, 12.5], [6, 1000, 33]);
    expect(decideLanes(six, plenty)).toEqual({ lanes: 4, settled: false, why: '6 lanes moved 198 MiB/s: trying 4' });
    const four = run([8, 1000, 25], [16, 1000, 12.5], [6, 1000, 33], [4, 1000, 37.5]);
    expect(decideLanes(four, plenty)).toEqual({
      lanes: 6,
      settled: true,
      why: '4 lanes moved 150 MiB/s against 198 MiB/s on 6: back to 6',
    });
    // A settled trace stays settled whatever comes after.
    const after = run([8, 1000, 25], [16, 1000, 12.5], [6, 1000, 33], [4, 1000, 37.5], [6, 1000, 45]);
    expect(decideLanes(after, plenty)).toMatchObject({ lanes: 6, settled: true });
  });

  it('goes back when fewer lanes lose rate: the link, not the host, was what bound', () => {
    const trace = run([8, 1000, 12.5], [16, 1000, 6.5], [6, 1000, 11.7]);
    expect(decideLanes(trace, plenty)).toEqual({
      lanes: 8,
      settled: true,
      why: '6 lanes moved 70 MiB/s against 100 MiB/s on 8: back to 8',
    });
  });

  it('never goes beyond the most lanes allowed, and comes down to it', () => {
    expect(decideLanes(run([20, 1000, 10]), plenty)).toMatchObject({ lanes: 32, settled: false });
    expect(decideLanes(run([20, 1000, 10], [32, 1000, 10]), plenty)).toEqual({
      lanes: 32,
      settled: true,
      why: '32 lanes is the most allowed',
    });
    expect(decideLanes(run([20, 1000, 10]), { max: 16, partsLeft: 200 })).toMatchObject({ lanes: 16, settled: true });
  });

  it('adds no lane near the end, where its connection would only open for the tail', () => {
    // The first step into parts planned in waves for it: while each lane it opens finds a part.
    expect(decideLanes(run([16, 1000, 12.5]), { max: 32, partsLeft: 15, inWaves: true })).toEqual({
      lanes: 16,
      settled: true,
      why: '15 parts left: too few to try 32 lanes',
    });
    expect(decideLanes(run([16, 1000, 12.5]), { max: 32, partsLeft: 16, inWaves: true })).toMatchObject({ lanes: 32, settled: false });
    // Into parts not planned for it (a part size asked for), and any later step: while two are left for each lane it tries.
    expect(decideLanes(run([16, 1000, 12.5]), { max: 32, partsLeft: 63 })).toMatchObject({ lanes: 16, settled: true });
    const judged = run([8, 1000, 12.5], [16, 1000, 12.5]);
    expect(decideLanes(judged, { max: 32, partsLeft: 63, inWaves: true })).toEqual({
      lanes: 16,
      settled: true,
      why: '63 parts left: too few to try 32 lanes',
    });
    expect(decideLanes(judged, { max: 32, partsLeft: 64 })).toMatchObject({ lanes: 32, settled: false });
  });

  it('near the end keeps the count running where it moved as much as the best, else goes back to the best', () => {
    // 32 lanes moved what 16 did: no better, no worse; their lanes share the last wave.
    const asMuch = run([16, 1000, 12.5], [32, 1500, 6.25]);
    expect(decideLanes(asMuch, { max: 32, partsLeft: 14 })).toEqual({
      lanes: 32,
      settled: true,
      why: '14 parts left: too few to try 12 lanes',
    });
    expect(decideLanes(asMuch, plenty)).toMatchObject({ lanes: 12, settled: false });
    // 32 lanes moved less than 16 did: back to 16 (closing lanes opens no connection).
    const less = run([16, 1000, 12.5], [32, 3000, 3]);
    expect(decideLanes(less, { max: 32, partsLeft: 14 })).toEqual({
      lanes: 16,
      settled: true,
      why: '14 parts left: too few to try 12 lanes',
    });
  });

  it('is a pure function of the trace: the same trace, the same decision', () => {
    const trace = before(recorded('20ms-4mib-window'));
    expect(decideLanes(trace, plenty)).toEqual(decideLanes(structuredClone(trace), { ...plenty }));
  });
});
