import { MAX_PARTS, planParts, type PartPlan } from '../core/plan-parts.js';
import { exactSize } from '../core/sizes.js';
import { PartpushError } from '../errors.js';
import type { Compression } from './compression.js';

/**
 * Parts of a compressed upload are planned by their uncompressed bytes: each a whole number of
 * frames, so a worker compresses exactly its own part's frames and needs nothing from the others.
 * Their compressed sizes are known only once compressed; a part that shrinks below the store's
 * minimum is padded (compress-part.ts) rather than merged with its neighbour, which would make
 * parts wait on each other. One part number is kept for the seek table, sent last.
 */
export function planCompressedParts(size: number, requestedPartSize: number | undefined, compression: Compression): PartPlan {
  const { frameSize } = compression;
  const plain = planParts(size, requestedPartSize);
  let partSize = Math.ceil(plain.partSize / frameSize) * frameSize;
  if (Math.ceil(size / partSize) > MAX_PARTS - 1) {
    if (requestedPartSize !== undefined) {
      throw new PartpushError(
        'PARTPUSH_INVALID_OPTION',
        `part size ${exactSize(partSize)} would split ${exactSize(size)} into more than ${MAX_PARTS - 1} compressed parts (one part is kept for the seek table); use a larger --part-size, or leave it out`,
        { option: 'partSize' },
      );
    }
    partSize = Math.ceil(size / (MAX_PARTS - 1) / frameSize) * frameSize;
  }
  const partCount = Math.max(1, Math.ceil(size / partSize));
  return { size, partSize, partCount, singleRequest: partCount === 1 };
}

/** A stream's part size, for compression a whole number of frames (16 MiB by default already is). */
export function framedStreamPartSize(partSize: number, compression: Compression | undefined): number {
  return compression ? Math.ceil(partSize / compression.frameSize) * compression.frameSize : partSize;
}
