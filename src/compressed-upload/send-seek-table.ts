import type { PartResult } from '../lane/lane-task.js';
import type { ChecksumLearner } from '../object-upload/checksum-learner.js';
import type { LaneShape } from '../object-upload/lane-shape.js';
import { PartSender } from '../object-upload/part-sender.js';
import type { UploadContext } from '../object-upload/upload-context.js';
import type { RingSource } from '../source/source-descriptor.js';

/**
 * Sends the seek table as part `partNumber`, the last, through the same lanes as every part (its
 * retries, its checksum form), from shared memory: a one-slab ring holding the table, read as the
 * part at offset (partNumber - 1) x its size, where the ring puts it at the slab's start. The last
 * part may be of any size, so the table needs no padding.
 */
export async function sendSeekTable(
  ctx: UploadContext,
  shape: LaneShape,
  checksum: ChecksumLearner,
  uploadId: string,
  partNumber: number,
  seekTable: Buffer,
): Promise<PartResult> {
  const size = seekTable.length;
  const buffer = new SharedArrayBuffer(size);
  seekTable.copy(Buffer.from(buffer));
  const ring: RingSource = { kind: 'ring', buffer, slabSize: size, slabCount: 1 };
  const plan = { size: partNumber * size, partSize: size, partCount: partNumber, singleRequest: false };
  const { results } = await new PartSender(ctx, shape, ring, checksum, uploadId).send([partNumber], plan);
  return results[0]!;
}
