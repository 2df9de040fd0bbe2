import { planParts, type PartPlan } from '../core/plan-parts.js';
import { MiB } from '../core/sizes.js';

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
 * Parts each lane sends, where the part size is chosen for the lanes: lanes that finish a part
 * early take another while the slow ones finish theirs, so the lanes end within about one part of
 * each other (a sixth of one lane's share) rather than a whole share apart, and the tail (half a
 * part on average) stays under a tenth of the upload. One wave (32 parts of 32 MiB on 32 lanes,
 * 60 ms, 1 MiB window) left a 2.9 s tail of 13.6 s; four waves 1.1 s of 7.4 s
 * (docs/performance-log.md).
 */
const WAVES_PER_LANE = 6;
/**
 * Parts no smaller than this: each HTTP/1.1 part waits a round trip for its answer with nothing
 * sent on its connection, so a part must take several round trips to send (8 MiB at 16.7 MiB/s,
 * one 1 MiB window per 60 ms, is 8 of them). aws-cli's default part size.
 */
const MIN_TAIL_FREE_PART_SIZE = 8 * MiB;

/**
 * The default plan with parts small enough that `lanes` lanes each send about six, never smaller
 * than 8 MiB nor larger than the default (which already leaves many waves on large files).
 */
export function tailFreePlan(plan: PartPlan, lanes: number): PartPlan {
  if (plan.singleRequest) return plan;
  const even = Math.ceil(plan.size / (lanes * WAVES_PER_LANE) / MiB) * MiB;
  const partSize = Math.min(plan.partSize, Math.max(MIN_TAIL_FREE_PART_SIZE, even));
  if (partSize === plan.partSize) return plan;
  const tailFree = planParts(plan.size, partSize);
  return tailFree.singleRequest ? plan : tailFree;
}
