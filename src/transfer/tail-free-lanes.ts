import { MAX_PARTS, planParts, type PartPlan } from '../core/plan-parts.js';
import { KiB, MiB } from '../core/sizes.js';

/**
 * A last wave at least this full (its parts over the lanes) is no tail worth avoiding: its lanes
 * share the link almost as the full waves did.
 */
const FULL_ENOUGH = 0.75;

/**
 * With this many waves or more, the last one is a tenth of the upload at most, whatever its fill.
 */
const WAVES_WITHOUT_TAIL = 10;

/**
 * Lanes for `partCount` parts when `wanted` would leave a tail: on a long round trip each lane moves
 * at most a window per round trip, so a last wave of a few parts runs at a few lanes' rate while
 * the others sit idle (32 parts on 24 lanes: a second wave of 8, as slow as the first). Picks the
 * fewest lanes from `wanted` up to twice it (and `max`) that fill the last wave at least 3/4, or
 * all the parts at once where that is no more; keeps `wanted` where nothing in reach does better.
 */
export function tailFreeLanes(partCount: number, wanted: number, max: number): number {
  const ceiling = Math.min(max, partCount, 2 * wanted);
  if (wanted >= partCount) return Math.min(partCount, max);
  if (partCount / wanted >= WAVES_WITHOUT_TAIL) return wanted;
  for (let lanes = wanted; lanes <= ceiling; lanes++) {
    const last = partCount % lanes;
    if (last === 0 || last >= FULL_ENOUGH * lanes) return lanes;
  }
  return wanted;
}

/**
 * Parts no smaller than this: each HTTP/1.1 part waits a round trip for its answer with nothing
 * sent on its connection, so a part must take several round trips to send (8 MiB at 16.7 MiB/s,
 * one 1 MiB window per 60 ms, is 8 of them). aws-cli's default part size.
 */
const MIN_TAIL_FREE_PART_SIZE = 8 * MiB;
/**
 * Part sizes made here are whole multiples of this, not of a MiB, so that the part count comes
 * out as planned: S3 and GCS take any part size from 5 MiB (R2 and Garage want every part but the
 * last alike, and they are), and 4 KiB keeps each part's reads on whole pages. Rounding up by less
 * than 4 KiB a part keeps the count for every size this plan is made for (parts of 8 MiB or more,
 * a few hundred of them: a 64 KiB step lost a part in one plan of six).
 */
const PART_SIZE_STEP = 4 * KiB;

/** A plan, and whether its parts make one wave at the first count and whole waves at the grown one. */
export interface TailFreePlan {
  plan: PartPlan;
  /**
   * The parts make whole waves for the first step up: the count must not move off them (see
   * tailFreeLanes), and the first step needs only a part for each lane it opens.
   */
  inWaves: boolean;
}

/**
 * The default plan re-made so that the lanes end together: one wave at `lanes` (the model's guess),
 * then whole waves at `grown` (the count the controller's first step up reaches). That step comes
 * as the first wave is answered, so the lanes it opens start beside the others' second parts, and
 * every lane has its last part in the same wave.
 *
 * As few waves as keep parts no larger than the plan's: each part waits a round trip for its
 * answer with nothing sent on its lane, so on a long round trip every wave costs each lane one.
 * Two at least where the count grows: the step waits for the first part's answer, and in one
 * wave's parts (twice as large) the lanes it opens started 0.6 s later (60 ms, 1 MiB windows).
 * 1 GiB on 16 lanes growing to 32 is 16 + 2 x 32 = 80 parts of 12.8 MiB; on 32 lanes from the start,
 * 32 + 32 of 16 MiB. In waves of 8 MiB parts (16 + 3 x 32 of 9.14 MiB, 4 x 32 of 8 MiB) the same
 * uploads moved 5-15% less at 60 ms and 150 ms (docs/performance-log.md).
 *
 * Parts never under 8 MiB: fewer waves where that makes them smaller, and a file too small for a
 * wave of each is sent in parts of 8 MiB or a little more. A plan with ten waves at `grown` after
 * the first keeps its parts (its last wave is a tenth of the upload at most), as does one the waves
 * would take past the stores' 10,000 parts.
 */
export function tailFreePlan(plan: PartPlan, lanes: number, grown = lanes): TailFreePlan {
  const kept = { plan, inWaves: false };
  if (plan.singleRequest || plan.partCount >= lanes + WAVES_WITHOUT_TAIL * grown) return kept;
  const most = Math.max(1, Math.floor(plan.size / MIN_TAIL_FREE_PART_SIZE));
  const wanted = Math.max(grown > lanes ? 2 : 1, Math.ceil((plan.partCount - lanes) / grown));
  const waves = Math.min(wanted, Math.floor((most - lanes) / grown));
  const count = waves >= 1 ? lanes + waves * grown : most;
  if (count < plan.partCount || count > MAX_PARTS) return kept;
  if (count === plan.partCount) return { plan, inWaves: waves >= 1 };
  const partSize = Math.ceil(plan.size / count / PART_SIZE_STEP) * PART_SIZE_STEP;
  const tailFree = planParts(plan.size, Math.max(MIN_TAIL_FREE_PART_SIZE, partSize));
  return tailFree.singleRequest ? kept : { plan: tailFree, inWaves: waves >= 1 };
}
