import { MAX_PART_SIZE, MAX_PARTS, planParts, type PartPlan, type PlanLimits } from '../core/plan-parts.js';
import { exactSize, MiB } from '../core/sizes.js';
import { PartpushError } from '../errors.js';
import { seekTableSize } from '../seekable/seek-table.js';
import type { Compression } from './compression.js';
import { rawFrameSize } from './raw-frame.js';

/**
 * Parts of a compressed upload are planned by their uncompressed bytes: each a whole number of
 * frames, so a worker compresses exactly its own part's frames and needs nothing from the others.
 * Their compressed sizes are known only once compressed; a part that shrinks below the store's
 * minimum is padded (compress-part.ts) rather than merged with its neighbour, which would make
 * parts wait on each other. One part number is kept for the seek table, sent last.
 */
export function planCompressedParts(size: number, requestedPartSize: number | undefined, compression: Compression): PartPlan {
  const framed = requestedPartSize === undefined ? undefined : framedPartSize(requestedPartSize, compression, size);
  return planParts(size, framed, compressedLimits(compression));
}

/** What a compressed plan must fit besides the stores' limits: a part number kept for the seek table, whole frames. */
export function compressedLimits(compression: Compression): PlanLimits {
  return { maxParts: MAX_PARTS - 1, unit: compression.frameSize, why: ' (one part number is kept for the seek table)' };
}

/**
 * A part size asked for, as a compressed upload sends it: a whole number of frames (16 MiB by
 * default already is), and no more than largestCompressedPart, which incompressible data would
 * take past the stores' 5 GiB per request; a file smaller than that (`size`) is one part of its own
 * size whatever was asked.
 */
export function framedPartSize(partSize: number, compression: Compression | undefined, size = Number.POSITIVE_INFINITY): number {
  if (!compression) return partSize;
  const framed = Math.ceil(partSize / compression.frameSize) * compression.frameSize;
  const largest = largestCompressedPart(compression.frameSize);
  if (Math.min(framed, size) > largest) {
    throw new PartpushError(
      'PARTPUSH_INVALID_OPTION',
      `part size ${exactSize(partSize)} with compression makes parts of ${exactSize(framed)} (whole ${exactSize(compression.frameSize)} frames), ` +
        `which data zstd cannot shrink (stored as raw frames, a few bytes larger) would take past the stores' 5 GiB per request; ` +
        `use --part-size ${Math.floor(largest / MiB)}MiB or less`,
      { option: 'partSize' },
    );
  }
  return framed;
}

/**
 * The largest part a compressed upload may send, in whole frames: at worst every frame goes raw
 * (a frame header and a header per 128 KiB block on top of its bytes), and an object sent in one
 * request carries its seek table too; all within the stores' 5 GiB per request. (Asked for 5 GiB,
 * a part of random data went out as 5 GiB and 168 KiB.)
 */
export function largestCompressedPart(frameSize: number): number {
  let frames = Math.floor(MAX_PART_SIZE / rawFrameSize(frameSize));
  while (frames * rawFrameSize(frameSize) + seekTableSize(frames) > MAX_PART_SIZE) frames--;
  return frames * frameSize;
}
