import type { VerifiedLevel } from '../checksum/checksum-placement.js';
import { combinePartCrcs } from '../checksum/crc32c-combine.js';
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
  const objectCrc =
    checksum.placement === undefined ? undefined : combinePartCrcs(results.map((r) => ({ crc32c: r.crc32c!, length: r.length })));
  ctx.completeSent = true;
  const completed = await checksum.complete(ctx.store, uploadId, results, plan.size, objectCrc);
  ctx.options.onEvent?.({ type: 'completed', uploadId, destination: ctx.destination, etag: completed.etag });
  return {
    etag: completed.etag,
    objectCrc,
    verify: async () => (objectCrc === undefined ? 'none' : verifyStoredObject(ctx.store, results, objectCrc, completed, plan.size)),
  };
}
