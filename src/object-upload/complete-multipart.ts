import type { VerifiedLevel } from '../checksum/checksum-placement.js';
import { combinePartCrcs, crc32cToBase64 } from '../checksum/crc32c-combine.js';
import { PartpushError } from '../errors.js';
import { verifyStoredObject } from '../control/verify-stored-object.js';
import type { PartPlan } from '../core/plan-parts.js';
import type { PartResult } from '../lane/lane-task.js';
import { checkSourceUnchanged } from '../source/check-source-unchanged.js';
import type { SourceDescriptor } from '../source/source-descriptor.js';
import type { ChecksumLearner } from './checksum-learner.js';
import type { UploadContext } from './upload-context.js';

export interface Completed {
  etag: string;
  objectCrc?: number;
  /** Checks the object the store assembled; throws on a mismatch (after a conditional delete). */
  verify: () => Promise<VerifiedLevel>;
}

/**
 * Completes once the source is known unchanged: a write to a part already sent shows only now, and
 * completing would publish an object that matches no version of the file. Failures up to here
 * leave a multipart upload to abort; the returned `verify` runs after it, when there is none.
 */
export async function completeMultipart(
  ctx: UploadContext,
  checksum: ChecksumLearner,
  uploadId: string,
  results: readonly PartResult[],
  plan: PartPlan,
  source: SourceDescriptor,
): Promise<Completed> {
  await checkSourceUnchanged(source);
  // Every part has its CRC32C with a placement; without one, where expectCrc32c asked the lanes for them.
  const combined = results.every((r) => r.crc32c !== undefined)
    ? combinePartCrcs(results.map((r) => ({ crc32c: r.crc32c!, length: r.length })))
    : undefined;
  checkExpectedCrc32c(ctx.store.object?.expectCrc32c, combined);
  const objectCrc = checksum.placement === undefined ? undefined : combined;
  ctx.completeSent = true;
  const completed = await checksum.complete(ctx.store, uploadId, results, plan.size, objectCrc);
  ctx.options.onEvent?.({ type: 'completed', uploadId, destination: ctx.destination, etag: completed.etag });
  return {
    etag: completed.etag,
    objectCrc,
    verify: async () => (objectCrc === undefined ? 'none' : verifyStoredObject(ctx.store, results, objectCrc, completed, plan.size)),
  };
}

/**
 * expectCrc32c: the parts' bytes, combined, must have the CRC32C the caller gave, or the Complete
 * is not sent (the caller aborts the upload): a file rewritten since the caller checksummed it
 * never becomes an object described by the older checksum.
 */
function checkExpectedCrc32c(expected: number | undefined, sent: number | undefined): void {
  if (expected === undefined || sent === expected) return;
  if (sent === undefined) {
    // Parts without one (reused from a journal written without checksums): nothing says the source changed.
    throw new PartpushError(
      'PARTPUSH_INVALID_OPTION',
      'expectCrc32c cannot be checked: some parts were stored without a CRC32C (by an upload resumed from a journal written without checksums), so the object was not completed; upload it again without --resume',
      { option: 'expectCrc32c' },
    );
  }
  throw new PartpushError(
    'PARTPUSH_SOURCE_CHANGED',
    `the source changed since it was checksummed: the parts sent have CRC32C ${crc32cToBase64(sent)}, not ${crc32cToBase64(expected)} (expectCrc32c), so the object was not completed; upload it again once it is no longer being written`,
  );
}
