import { PartpushError } from '../errors.js';
import { GiB, MiB, TiB, exactSize } from './sizes.js';

/** Limits shared by S3 and the GCS XML multipart API. */
export const MIN_PART_SIZE = 5 * MiB;
export const MAX_PART_SIZE = 5 * GiB;
export const MAX_PARTS = 10_000;
export const MAX_OBJECT_SIZE = 5 * TiB;
/**
 * 32 MiB: large enough that per-request costs (headers, signing, a round trip) vanish against the
 * body, small enough that a 1 GiB file still yields 32 parts, so 16 parts in flight do not starve
 * at the tail. Throughput on loopback is flat from 16 MiB up (the bench's part-size sweep).
 */
export const DEFAULT_PART_SIZE = 32 * MiB;

export interface PartPlan {
  size: number;
  partSize: number;
  partCount: number;
  /** One request (PUT object) instead of initiate + part + complete: the object fits in one part. */
  singleRequest: boolean;
}

export interface PartRange {
  partNumber: number;
  offset: number;
  length: number;
}

/** What a plan must fit besides the stores' limits: fewer parts, sizes in whole units. */
export interface PlanLimits {
  /** Parts the object's bytes may use (a compressed upload keeps one for its seek table). */
  maxParts: number;
  /** Part sizes are whole multiples of this (a compressed part is whole frames). */
  unit: number;
  /** Why maxParts is what it is, for the error's advice. */
  why?: string;
}

/**
 * Chooses the part size and count. An explicit size is validated and never changed; the default
 * grows (in whole units) so that no object needs more than maxParts parts.
 */
export function planParts(size: number, requestedPartSize?: number, limits: PlanLimits = { maxParts: MAX_PARTS, unit: MiB }): PartPlan {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new PartpushError('PARTPUSH_INVALID_OPTION', `object size must be a whole number of bytes >= 0, got ${size}`);
  }
  if (size > MAX_OBJECT_SIZE) {
    throw new PartpushError(
      'PARTPUSH_TOO_LARGE',
      `the source is ${exactSize(size)}; objects can be at most 5 TiB (${MAX_OBJECT_SIZE} bytes) in GCS and S3`,
    );
  }
  const { maxParts, unit } = limits;
  // The smallest whole-unit part size that fits the object in maxParts parts.
  const fitting = Math.ceil(size / maxParts / unit) * unit;
  let partSize: number;
  if (requestedPartSize !== undefined) {
    validatePartSize(requestedPartSize);
    partSize = requestedPartSize;
    if (Math.ceil(size / partSize) > maxParts) {
      throw new PartpushError(
        'PARTPUSH_INVALID_OPTION',
        `part size ${exactSize(partSize)} would split ${exactSize(size)} into more than ${maxParts} parts${limits.why ?? ''}; ` +
          `use --part-size ${fitting / MiB}MiB or larger (or leave it out to have it chosen)`,
      );
    }
  } else {
    partSize = Math.max(Math.ceil(DEFAULT_PART_SIZE / unit) * unit, fitting);
  }
  const partCount = Math.max(1, Math.ceil(size / partSize));
  return { size, partSize, partCount, singleRequest: partCount === 1 };
}

export function validatePartSize(partSize: number): void {
  if (!Number.isSafeInteger(partSize) || partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
    throw new PartpushError(
      'PARTPUSH_INVALID_OPTION',
      `partSize must be between 5 MiB and 5 GiB (the limits of GCS and S3), got ${Number.isFinite(partSize) ? exactSize(partSize) : partSize}`,
    );
  }
}

/** The byte range of part `partNumber` (1-based); only the last part may be shorter. */
export function partRange(plan: PartPlan, partNumber: number): PartRange {
  const offset = (partNumber - 1) * plan.partSize;
  return { partNumber, offset, length: Math.min(plan.partSize, plan.size - offset) };
}

/**
 * Part size of a stream of unknown length: 16 MiB, so that the ring of slabs stays small (memory
 * is slabs x part size), which caps a stream at 10,000 x 16 MiB = 156.25 GiB. `expectedSize` (the
 * user's estimate, as `aws s3 cp --expected-size`) grows it as planParts grows a file's; an
 * explicit part size is kept, and checked against the estimate.
 */
export const STREAM_PART_SIZE = 16 * MiB;

export function streamPartSize(
  requestedPartSize: number | undefined,
  expectedSize: number | undefined,
  limits: PlanLimits = { maxParts: MAX_PARTS, unit: MiB },
): number {
  if (expectedSize === undefined) return requestedPartSize ?? STREAM_PART_SIZE;
  // An estimate over 5 TiB, or too many parts of the size asked (a compressed stream keeps a part
  // number for its seek table), fails now, not after most of the stream went out.
  planParts(expectedSize, requestedPartSize, limits);
  return requestedPartSize ?? Math.max(STREAM_PART_SIZE, Math.ceil(expectedSize / limits.maxParts / limits.unit) * limits.unit);
}
