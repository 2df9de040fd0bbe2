import { checksumUsed, type VerifiedLevel } from '../checksum/checksum-placement.js';
import { crc32cToBase64 } from '../checksum/crc32c-combine.js';
import type { PartPlan } from '../core/plan-parts.js';
import { PartpushError } from '../errors.js';
import type { PartResult } from '../lane/lane-task.js';
import { keptForResumeSuffix } from '../resume/resume-upload.js';
import type { ChecksumLearner } from './checksum-learner.js';
import type { LaneShape } from './lane-shape.js';
import type { UploadContext } from './upload-context.js';
import type { CompressedObject, UploadResult } from './upload-result.js';

/** What the file path and the stream path each hand back: the facts the result is made of. */
export interface UploadOutcome {
  plan: PartPlan;
  results: PartResult[];
  etag: string;
  /** The whole object's CRC32C, combined from the parts' (absent without checksums). */
  objectCrc?: number;
  verified: VerifiedLevel;
  partsReused: number;
  shape: LaneShape;
  checksum: ChecksumLearner;
  /** Seconds from the first lane finding no part left to the Complete's answer (file uploads in parts). */
  tailSeconds?: number;
  /** The most lanes the adaptive count ran at once, where it adapted. */
  peakLanes?: number;
  /** A compressed upload's object: what `result.compressed` says. */
  compressed?: CompressedObject;
}

export function resultOf(ctx: UploadContext, outcome: UploadOutcome): UploadResult {
  const { plan, shape } = outcome;
  const seconds = (performance.now() - ctx.started) / 1000;
  return {
    destination: ctx.destination,
    size: plan.size,
    partSize: plan.singleRequest ? plan.size : plan.partSize,
    partCount: plan.partCount,
    partsReused: outcome.partsReused,
    etag: outcome.etag,
    crc32c: outcome.objectCrc === undefined ? undefined : crc32cToBase64(outcome.objectCrc),
    checksum: checksumUsed(outcome.checksum.placement),
    verified: outcome.verified,
    retries: outcome.results.reduce((n, r) => n + r.attempts - 1, 0),
    seconds,
    bytesPerSecond: seconds > 0 ? plan.size / seconds : 0,
    mode: ctx.env.runner.mode,
    protocol: shape.protocol,
    // Over HTTP/1.1 every lane has its own connection: as many as the adaptive count reached.
    connections: shape.protocol === 'h1' && outcome.peakLanes !== undefined ? outcome.peakLanes : shape.connections,
    rttMs: shape.rttMs,
    tailSeconds: outcome.tailSeconds,
    proxy: ctx.proxy?.proxy,
    compressed: outcome.compressed,
  };
}

export function cancelledByCaller(keptFor?: string): PartpushError {
  return new PartpushError(
    'PARTPUSH_ABORTED',
    keptFor === undefined
      ? 'upload cancelled by the caller; nothing was completed and the multipart upload was aborted'
      : `upload cancelled by the caller; nothing was completed${keptForResumeSuffix(keptFor)}`,
  );
}

export function partNumbersOf(plan: PartPlan): number[] {
  return Array.from({ length: plan.partCount }, (_, i) => i + 1);
}
