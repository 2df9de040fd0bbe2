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
 * Recorded on this VM through bench/wan-relay.ts (TLS HTTP/1.1 to the nginx sink, 1 GiB in 8 MiB
 * parts): the `trace` of a `lanes` event, which holds the count that event set as its last level.
 */
function recorded(name: string): LaneTrace {
  return JSON.parse(readFileSync(new URL(`./recorded-lane-traces/${name}.json`, import.meta.url), 'utf8')) as LaneTrace;
}
/** The trace as it was when the decision that ends it was taken. */
function before(trace: LaneTrace): LaneTrace {
  return { levels: trace.levels.slice(0, -1), parts: trace.parts };
}

describe('decideLanes', () => {
  it('judges a count only once parts started under it were answered on half its lanes', () => {
    const window = before(recorded('60ms-1mib-window'));
    expect(decideLanes({ ...window, parts: window.parts.slice(0, 7) }, plenty)).toEqual({
      lanes: 16,
      settled: false,
      why: 'measuring 16 lanes',
    });
    expect(decideLanes(run([16, 600, 12.5]), plenty)).toMatchObject({ lanes: 16, settled: false }); // a part takes 640 ms: none answered yet
  });

  it("tries twice the model's guess once it is measured (recorded: 60 ms, 1 MiB windows, where 32 lanes move the most)", () => {
    expect(decideLanes(before(recorded('60ms-1mib-window')), plenty)).toEqual({
      lanes: 32,
      settled: false,
      why: '16 lanes moved 166 MiB/s: trying 32',
    });
    expect(decideLanes(before(recorded('60ms-4mib-window')), plenty)).toEqual({
      lanes: 32,
      settled: false,
      why: '22 lanes moved 247 MiB/s: trying 32',
    });
  });

  it('under a rate cap, comes down when the added lanes moved too little (recorded: 60 ms, 200 MiB/s cap)', () => {
    expect(decideLanes(before(recorded('60ms-200mib-cap')), plenty)).toEqual({
      lanes: 16,
      settled: false,
      why: '32 lanes moved 182 MiB/s against 165 MiB/s on 22: trying 16',
    });
  });

  it('counts a part only for the count it ran under from start to answer', () => {
    // 16 lanes at 12.5 MiB/s (200 MiB/s), then 32: parts started before the change, or answered
    // after the next one, are not the 32 lanes' own, however fast.
    const trace = run([16, 1300, 12.5], [32, 600, 12.5]);
    expect(decideLanes(trace, plenty)).toMatchObject({ lanes: 32, settled: false, why: 'measuring 32 lanes' });
    const straddling = { bytes: PART, startedMs: 1200, answeredMs: 1300 + 200 };
    const ownParts = Array.from({ length: 16 }, (_, i) => ({ bytes: PART, startedMs: 1300 + i, answeredMs: 1300 + 640 + i }));
    const judged = { levels: trace.levels, parts: [...trace.parts, ...Array(16).fill(straddling), ...ownParts] };
    expect(decideLanes(judged, plenty)).toMatchObject({ lanes: 32, settled: true, why: '32 lanes is the most allowed' });
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
    expect(decideLanes(run([16, 1000, 12.5]), { max: 32, partsLeft: 63 })).toEqual({
      lanes: 16,
      settled: true,
      why: '63 parts left: too few to try 32 lanes',
    });
    expect(decideLanes(run([16, 1000, 12.5]), { max: 32, partsLeft: 64 })).toMatchObject({ lanes: 32, settled: false });
  });

  it('is a pure function of the trace: the same trace, the same decision', () => {
    const trace = before(recorded('60ms-200mib-cap'));
    expect(decideLanes(trace, plenty)).toEqual(decideLanes(structuredClone(trace), { ...plenty }));
  });
});
