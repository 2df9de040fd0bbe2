import { MAX_PARTS, planParts, type PartPlan } from '../core/plan-parts.js';
import type { Compression } from './compression.js';

/**
 * Parts of a compressed upload are planned by their uncompressed bytes: each a whole number of
 * frames, so a worker compresses exactly its own part's frames and needs nothing from the others.
 * Their compressed sizes are known only once compressed; a part that shrinks below the store's
 * minimum is padded (compress-part.ts) rather than merged with its neighbour, which would make
 * parts wait on each other. One part number is kept for the seek table, sent last.
 */
export function planCompressedParts(size: number, requestedPartSize: number | undefined, compression: Compression): PartPlan {
  return planParts(size, requestedPartSize === undefined ? undefined : framedStreamPartSize(requestedPartSize, compression), {
    maxParts: MAX_PARTS - 1,
    unit: compression.frameSize,
    why: ' (one part number is kept for the seek table)',
  });
}

/** A stream's part size, for compression a whole number of frames (16 MiB by default already is). */
export function framedStreamPartSize(partSize: number, compression: Compression | undefined): number {
  return compression ? Math.ceil(partSize / compression.frameSize) * compression.frameSize : partSize;
}
