import type { RateEpoch } from '../core/upload-event.js';

/*
 * A RateEpoch is one stretch of an upload as the main thread saw it: how many lanes ran (each one
 * part, so one connection's worth of sending over HTTP/1.1) and the bytes the sockets took in that
 * time. Bytes handed to a socket are acknowledged bytes plus at most the socket's send buffer, so
 * over a stretch of several round trips the two rates agree.
 */

export interface LaneLimits {
  /** The most lanes the upload may run: the runner's room, the server's streams, the memory cap. */
  max: number;
  /** Parts not yet taken by a lane. */
  partsLeft: number;
}

export interface LaneDecision {
  lanes: number;
  /** Growth stopped for good: an added lane did not raise the total rate, or a limit was met. */
  settled: boolean;
  why: string;
}

/**
 * An added lane must raise the total rate by at least this share of what an average lane already
 * moves. Half: a new connection still in slow start, or a rate measured on a loaded machine, gives
 * less than a full lane's share, but a link already full gives next to nothing (the stretch-to-
 * stretch noise measured on this 2-core VM is 5-10% of the total).
 */
const MIN_SHARE_OF_A_LANE = 0.5;

/**
 * Lanes are added only while this many parts per lane are still unclaimed: a connection opened
 * near the end spends the upload's last stretch in slow start, and its parts would then be the tail.
 */
const PARTS_PER_LANE_TO_GROW = 2;

/**
 * Where to take the lane count next, as a pure function of what was measured so far. The first
 * stretch at a new lane count is not judged (connections opened for it are still in slow start and
 * the lanes that closed still drain), so each count is judged on the two stretches after it:
 * - the first count (the model's guess from the probe's round trip) measured: add a quarter more;
 * - the count after an addition gained at least half a lane's share per added lane: add again;
 * - it did not: go back to the count before and settle there (the extra lanes close after their
 *   part); a settled trace never grows again;
 * - never beyond `limits.max`, and never while fewer than two parts per lane are left.
 */
export function decideLanes(trace: readonly RateEpoch[], limits: LaneLimits): LaneDecision {
  const current = trace.at(-1)?.lanes ?? 1;
  if (current > limits.max) return { lanes: limits.max, settled: true, why: `${limits.max} lanes at most` };
  const levels = judgedLevels(trace);
  for (let i = 1; i < levels.length; i++) {
    if (!gained(levels[i - 1]!, levels[i]!)) {
      const back = levels[i - 1]!;
      return {
        lanes: Math.min(back.lanes, limits.max),
        settled: true,
        why: `${levels[i]!.lanes} lanes moved ${rate(levels[i]!)} against ${rate(back)} on ${back.lanes}: back to ${back.lanes}`,
      };
    }
  }
  const last = levels.at(-1);
  if (!last || last.lanes !== current) return { lanes: current, settled: false, why: `measuring ${current} lanes` };
  const next = Math.min(limits.max, current + Math.max(1, Math.ceil(current / 4)));
  if (next <= current) return { lanes: current, settled: true, why: `${current} lanes is the most allowed` };
  if (limits.partsLeft < PARTS_PER_LANE_TO_GROW * next) {
    return { lanes: current, settled: true, why: `${limits.partsLeft} parts left: too few for ${next} lanes to pay off` };
  }
  const before = levels.at(-2);
  const because = before
    ? `${current} lanes moved ${rate(last)} against ${rate(before)} on ${before.lanes}`
    : `${current} lanes moved ${rate(last)}`;
  return { lanes: next, settled: false, why: `${because}: trying ${next}` };
}

interface Level {
  lanes: number;
  bytesPerMs: number;
}

/**
 * Stretches a count's rate is judged over, after its first: one stretch on this loaded 2-core VM
 * moved anywhere from 0.4x to 2x the next (a 20 ms trace: 88 MiB in 575 ms, then 23 MiB in
 * 399 ms), two together stay within about 20% of each other.
 */
const JUDGED_STRETCHES = 2;

/**
 * The judged rate of each run of stretches at one lane count, in order: the bytes over the time
 * of its last two stretches, where the run had more than two (its first is the count's warm-up).
 */
function judgedLevels(trace: readonly RateEpoch[]): Level[] {
  const levels: Level[] = [];
  let runStart = 0;
  for (let i = 0; i <= trace.length; i++) {
    if (i < trace.length && trace[i]!.lanes === trace[runStart]!.lanes) continue;
    if (i - runStart > JUDGED_STRETCHES) {
      const judged = trace.slice(i - JUDGED_STRETCHES, i);
      const ms = judged.reduce((sum, e) => sum + e.ms, 0);
      const bytes = judged.reduce((sum, e) => sum + e.bytes, 0);
      levels.push({ lanes: trace[runStart]!.lanes, bytesPerMs: ms > 0 ? bytes / ms : 0 });
    }
    runStart = i;
  }
  return levels;
}

/** Whether `after` (more lanes than `before`) moved at least half a lane's share more per added lane. */
function gained(before: Level, after: Level): boolean {
  if (after.lanes <= before.lanes) return true; // a step down is a limit's, not a test
  const perLane = before.bytesPerMs / before.lanes;
  return after.bytesPerMs - before.bytesPerMs >= MIN_SHARE_OF_A_LANE * perLane * (after.lanes - before.lanes);
}

function rate(level: Level): string {
  return `${((level.bytesPerMs * 1000) / (1024 * 1024)).toFixed(0)} MiB/s`;
}
