import type { AnsweredPart, LaneTrace } from '../core/upload-event.js';

/*
 * A lane count is judged by the rate the store acknowledged: each answered part's bytes over the
 * time from its first bytes to the store's answer. The bytes lanes hand to their sockets run
 * ahead of that by whatever the kernel's buffers take on both ends, several MiB per connection
 * each time a part starts: through the bench's relay, 20 lanes handed over 436 MiB/s into a link
 * capped at 200 MiB/s, and 16 lanes 432 MiB/s where their 1 MiB windows allow 267. An answered
 * part cannot run ahead of the link.
 */

export interface LaneLimits {
  /** The most lanes the upload may run (the runner's room: threads x MAX_AUTO_STREAMS_PER_WORKER). */
  max: number;
  /** Parts not yet taken by a lane. */
  partsLeft: number;
  /** The parts make whole waves for the first step up (tailFreePlan): it needs only a part for each lane it opens. */
  inWaves?: boolean;
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
 * The first step into parts planned in waves for it needs only one for each lane it opens.
 */
const PARTS_PER_LANE_TO_GROW = 2;

/**
 * Where to take the lane count next, as a pure function of what was measured so far: a hill climb
 * on the total rate, up while lanes add rate, else down while fewer lanes hold it. A count is
 * judged on the parts started after it was set and answered before the next one (see judgedLevels):
 * - the first count (the model's guess from the probe's round trip): twice as many as soon as a
 *   part is answered, before it is judged (see firstStep);
 * - each count tried above the best so far that gained at least half a lane's share per added
 *   lane becomes the best, and twice as many are tried;
 * - the first count above the model's guess gained less: the link or this host is full, so a
 *   quarter fewer than the best is tried, and each fewer that lost less than half a lane's share
 *   per removed lane becomes the best (fewer connections, the same rate);
 * - any other step that fails: back to the best, settled for good (the extra lanes close after
 *   their part);
 * - never beyond `limits.max`, never a step while fewer than two parts per lane are left (see
 *   limitedStep: there the count running stays, unless it moved less than the best).
 */
export function decideLanes(trace: LaneTrace, limits: LaneLimits): LaneDecision {
  const current = trace.levels.at(-1)?.lanes ?? 1;
  if (current > limits.max) return { lanes: limits.max, settled: true, why: `${limits.max} lanes at most` };
  if (trace.levels.length === 1 && trace.parts.length > 0) return firstStep(current, limits);
  const levels = judgedLevels(trace);
  const first = levels[0];
  // Every count is judged against the first: until it is, nothing can be.
  if (first?.index !== 0) return { lanes: current, settled: false, why: `measuring ${current} lanes` };
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
  const next = going === 'up' ? Math.min(limits.max, stepUp(best.lanes)) : stepDown(best.lanes);
  const staying = last.bytesPerMs >= best.bytesPerMs ? current : best.lanes;
  const limited = limitedStep(best.lanes, next, going, limits, staying);
  if (limited) return limited;
  const because =
    last === best
      ? `${current} lanes moved ${rate(last)}`
      : `${last.lanes} lanes moved ${rate(last)} against ${rate(best)} on ${best.lanes}`;
  return { lanes: next, settled: false, why: `${because}: trying ${next}` };
}

/** The count a step up from `lanes` tries (before any limit). */
export function stepUp(lanes: number): number {
  return lanes + Math.max(1, Math.ceil(lanes * STEP_UP));
}

function stepDown(lanes: number): number {
  return Math.max(1, lanes - Math.max(1, Math.ceil(lanes * STEP_DOWN)));
}

/**
 * The first step up, taken as the first part is answered: it depends on no rate (from the model's
 * guess the count always tries more first), and lanes opened then start beside the other lanes'
 * second parts, so that all of them end in the same last wave (see tailFreePlan). Waiting for the
 * first count to be judged put them 0.1-0.3 s behind, up to a third of a part (1 MiB windows at
 * 60 ms). Into parts planned in waves for it (one at least), it is taken while each lane it opens
 * still finds a part.
 */
function firstStep(current: number, limits: LaneLimits): LaneDecision {
  const next = Math.min(limits.max, stepUp(current));
  return (
    limitedStep(current, next, 'up', limits, current, limits.inWaves ? next - current : undefined) ?? {
      lanes: next,
      settled: false,
      why: `a first part answered on ${current} lanes: trying ${next}`,
    }
  );
}

/**
 * Where a step from `best` to `next` cannot be taken: at a limit (back to `best`), or too near the
 * end, with fewer than `partsNeeded` parts left (by default two for each lane of `next`). Near the
 * end the count goes to `staying`: the count running where it moved as much as the best (the
 * plan's last wave is made for it, and lanes that close there leave their share of it to the
 * others: back to 16 of 32 lanes with 14 parts left made 14% tails), else the best.
 */
function limitedStep(
  best: number,
  next: number,
  going: 'up' | 'down',
  limits: LaneLimits,
  staying: number,
  partsNeeded = PARTS_PER_LANE_TO_GROW * next,
): LaneDecision | undefined {
  if (next === best || (going === 'up' && next < best)) {
    return { lanes: best, settled: true, why: `${best} lanes is the ${going === 'up' ? 'most allowed' : 'fewest'}` };
  }
  if (limits.partsLeft < partsNeeded) {
    return { lanes: staying, settled: true, why: `${limits.partsLeft} parts left: too few to try ${next} lanes` };
  }
  return undefined;
}

interface Level {
  /** Its place among the counts set. */
  index: number;
  lanes: number;
  bytesPerMs: number;
}

/**
 * Steps, as shares of the best count: up to twice as many (a link held by its connections' windows,
 * 1 MiB per 60 ms round trip, wants twice the model's 16 lanes, and a 1 GiB upload there has time
 * for two or three judgements: half again as many reached 248 MiB/s where twice reached 282, medians
 * of 3, docs/performance-log.md), down by a quarter (fewer connections at the same rate is a
 * saving, not a race).
 */
const STEP_UP = 1;
const STEP_DOWN = 1 / 4;

/**
 * A count is judged once it has as many answered parts as half its lanes (and three at least): one
 * part per lane is the soonest a count shows its rate, and half as many keep one slow or fast
 * connection from deciding.
 */
const SHARE_OF_LANES_JUDGED = 1 / 2;
const MIN_JUDGED_PARTS = 3;

/**
 * The judged rate of each count, in order, for the counts judged so far: the count times the median
 * rate of its parts (bytes over the time from their first bytes to the answer). Only parts
 * started after the count was set and answered before the next was set are its own: a part started
 * before ran partly under the count before, with connections still opening or closing. The first
 * count's own are its first wave, the parts started before the next count, answered before the count
 * after it (the first step is taken as the first of them is answered; the others end as the new
 * lanes connect).
 */
function judgedLevels(trace: LaneTrace): Level[] {
  const { levels, parts } = trace;
  const judged: Level[] = [];
  for (let i = 0; i < levels.length; i++) {
    const { lanes, atMs } = levels[i]!;
    const until = levels[i + 1]?.atMs ?? Number.POSITIVE_INFINITY;
    // The first count's wave may be answered after the next count was set, never after the one after:
    // a count's parts stay the same once the decision it led to is made.
    const answeredBy = i === 0 ? (levels[2]?.atMs ?? Number.POSITIVE_INFINITY) : until;
    const own = parts.filter((p) => p.startedMs >= atMs && p.startedMs < until && p.answeredMs < answeredBy && p.answeredMs > p.startedMs);
    if (own.length < Math.max(MIN_JUDGED_PARTS, Math.ceil(lanes * SHARE_OF_LANES_JUDGED))) {
      // A count left before it was judged (a limit moved it) is skipped; the last one is not yet judged.
      continue;
    }
    judged.push({ index: i, lanes, bytesPerMs: lanes * median(own.map(partRate)) });
  }
  return judged;
}

function partRate(part: AnsweredPart): number {
  return part.bytes / (part.answeredMs - part.startedMs);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Whether `after` (more lanes than `before`) moved at least half a lane's share more per added lane. */
function gained(before: Level, after: Level): boolean {
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
