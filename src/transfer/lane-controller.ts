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
 * The count moves only while this many parts per lane are still unclaimed: a connection opened
 * near the end spends the upload's last stretch in slow start, and its parts would then be the tail.
 */
const PARTS_PER_LANE_TO_GROW = 2;

/**
 * Where to take the lane count next, as a pure function of what was measured so far: a hill climb
 * on the total rate, up while lanes add rate, else down while fewer lanes hold it. The first
 * stretch at a new lane count is not judged (connections opened for it are still in slow start and
 * the lanes that closed still drain), so each count is judged on the two stretches after it:
 * - the first count (the model's guess from the probe's round trip) measured: a quarter more;
 * - each count tried above the best so far that gained at least half a lane's share per added
 *   lane becomes the best, and a quarter more is tried;
 * - the first count above the model's guess gained less: the link or this host is full, so a
 *   quarter fewer than the best is tried, and each fewer that lost less than half a lane's share
 *   per removed lane becomes the best (fewer connections, the same rate);
 * - any other step that fails: back to the best, settled for good (the extra lanes close after
 *   their part);
 * - never beyond `limits.max`, never a step while fewer than two parts per lane are left.
 */
export function decideLanes(trace: readonly RateEpoch[], limits: LaneLimits): LaneDecision {
  const current = trace.at(-1)?.lanes ?? 1;
  if (current > limits.max) return { lanes: limits.max, settled: true, why: `${limits.max} lanes at most` };
  const levels = judgedLevels(trace);
  const first = levels[0];
  if (!first) return { lanes: current, settled: false, why: `measuring ${current} lanes` };
  let best = first;
  let going: 'up' | 'down' = 'up';
  for (const level of levels.slice(1)) {
    const better = going === 'up' ? level.lanes > best.lanes && gained(best, level) : level.lanes < best.lanes && held(best, level);
    if (better) {
      best = level;
      continue;
    }
    const against = `${level.lanes} lanes moved ${rate(level)} against ${rate(best)} on ${best.lanes}`;
    if (going === 'up' && best === first && level.lanes > best.lanes) {
      going = 'down';
      continue;
    }
    return { lanes: Math.min(best.lanes, limits.max), settled: true, why: `${against}: back to ${best.lanes}` };
  }
  const last = levels.at(-1)!;
  if (last.lanes !== current) return { lanes: current, settled: false, why: `measuring ${current} lanes` };
  const step = Math.max(1, Math.ceil(best.lanes / 4));
  const next = going === 'up' ? Math.min(limits.max, best.lanes + step) : Math.max(1, best.lanes - step);
  if (next === best.lanes || (going === 'up' && next <= current)) {
    return { lanes: best.lanes, settled: true, why: `${best.lanes} lanes is the ${going === 'up' ? 'most allowed' : 'fewest'}` };
  }
  if (limits.partsLeft < PARTS_PER_LANE_TO_GROW * next) {
    return { lanes: best.lanes, settled: true, why: `${limits.partsLeft} parts left: too few to try ${next} lanes` };
  }
  const because =
    last === best
      ? `${current} lanes moved ${rate(last)}`
      : `${last.lanes} lanes moved ${rate(last)} against ${rate(best)} on ${best.lanes}`;
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
 * of its second and third stretches, where it had them (its first is the count's warm-up).
 */
function judgedLevels(trace: readonly RateEpoch[]): Level[] {
  const levels: Level[] = [];
  let runStart = 0;
  for (let i = 0; i <= trace.length; i++) {
    if (i < trace.length && trace[i]!.lanes === trace[runStart]!.lanes) continue;
    if (i - runStart > JUDGED_STRETCHES) {
      // The stretches right after the warm-up, never later ones: a count kept on (lanes asked to
      // close still finishing their part) must not change what an earlier decision was made on.
      const judged = trace.slice(runStart + 1, runStart + 1 + JUDGED_STRETCHES);
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

/** Whether `after` (fewer lanes than `before`) lost less than half a lane's share per removed lane. */
function held(before: Level, after: Level): boolean {
  const perLane = before.bytesPerMs / before.lanes;
  return before.bytesPerMs - after.bytesPerMs < MIN_SHARE_OF_A_LANE * perLane * (before.lanes - after.lanes);
}

function rate(level: Level): string {
  return `${((level.bytesPerMs * 1000) / (1024 * 1024)).toFixed(0)} MiB/s`;
}
