import { combinePartCrcs, crc32cToBase64 } from '../checksum/crc32c-combine.js';
import type { Compression } from '../compress/compression.js';
import type { CompressedParts } from '../compress/compressed-parts.js';
import { FrameTable } from '../compress/frame-table.js';
import { MIN_PART_SIZE, partRange, type PartPlan } from '../core/plan-parts.js';
import type { PartResult } from '../lane/lane-task.js';
import type { ChecksumLearner } from '../object-upload/checksum-learner.js';
import { completeMultipart } from '../object-upload/complete-multipart.js';
import type { LaneShape } from '../object-upload/lane-shape.js';
import { PartSender } from '../object-upload/part-sender.js';
import { abortAfter } from '../object-upload/start-multipart.js';
import type { UploadContext } from '../object-upload/upload-context.js';
import { partNumbersOf, type UploadOutcome } from '../object-upload/upload-outcome.js';
import type { CompressedObject } from '../object-upload/upload-result.js';
import { encodeSeekTable, seekTableSize } from '../seekable/seek-table.js';
import type { FileSource, SharedSource } from '../source/source-descriptor.js';
import { sendSeekTable } from './send-seek-table.js';

/** What uploadFile has ready when it hands a compressed upload over. */
export interface CompressedStart {
  shape: LaneShape;
  source: FileSource | SharedSource;
  /** By uncompressed bytes (planCompressedParts). */
  plan: PartPlan;
  checksum: ChecksumLearner;
  /** The multipart upload being created; undefined for the one PUT. */
  initiating: Promise<string> | undefined;
}

/**
 * A file or a buffer compressed into a seekable zstd object: one PUT when it fits in one part
 * (the worker appends the seek table itself), otherwise parts compressed by the lanes that send
 * them, then the seek table as the last part, assembled here from the frame sizes the lanes left
 * in the frame table.
 */
export async function sendCompressed(ctx: UploadContext, start: CompressedStart, compression: Compression): Promise<UploadOutcome> {
  const { shape, source, plan, checksum } = start;
  const table = new FrameTable({ firstPart: 1, parts: plan.partCount, entriesPerPart: plan.partSize / compression.frameSize + 1 });
  const single = plan.singleRequest;
  const parts: CompressedParts = { ...compression, table: table.buffer, padTo: single ? 0 : MIN_PART_SIZE, withSeekTable: single };
  if (single) {
    const sent = await new PartSender(ctx, shape, source, checksum, undefined, parts).send([1], plan);
    // The one PUT held the frames and, after them, the seek table the worker wrote.
    const results = sent.results.map((r) => ({ ...r, length: table.compressedLength(1) + seekTableSize(table.entries(1).length) }));
    const only = results[0]!;
    const verified = only.crc32cConfirmed === true ? 'object' : 'none';
    const compressed = compressedObject(compression, table, plan, results);
    return { plan, results, etag: only.etag, objectCrc: only.crc32c, verified, partsReused: 0, shape, checksum, compressed };
  }
  const sender = new PartSender(ctx, shape, source, checksum, await start.initiating!, parts);
  try {
    const sent = await sender.send(partNumbersOf(plan), plan);
    // The board knows each part by its uncompressed range; the store has the compressed bytes.
    const dataParts = sent.results.map((r) => ({ ...r, length: table.compressedLength(r.partNumber) }));
    const seekTable = encodeSeekTable(dataParts.flatMap((r) => table.entries(r.partNumber)));
    const last = await sendSeekTable(ctx, shape, checksum, sender.uploadId!, plan.partCount + 1, seekTable);
    const results = [...dataParts, last];
    const objectSize = results.reduce((n, r) => n + r.length, 0);
    const completed = await completeMultipart(ctx, checksum, sender.uploadId!, results, { ...plan, size: objectSize }, source);
    const verified = await completed.verify();
    const compressed = compressedObject(compression, table, plan, results);
    return { plan, results, etag: completed.etag, objectCrc: completed.objectCrc, verified, partsReused: 0, shape, checksum, compressed };
  } catch (error) {
    throw await abortAfter(ctx, sender.uploadId!, error);
  }
}

/** The object's facts: its size as stored, its frames, and the CRC32C of what it decodes to. */
function compressedObject(compression: Compression, table: FrameTable, plan: PartPlan, results: readonly PartResult[]): CompressedObject {
  const dataParts = partNumbersOf(plan);
  const crc = combinePartCrcs(dataParts.map((n) => ({ crc32c: table.crc32c(n), length: partRange(plan, n).length })));
  return {
    codec: compression.codec,
    level: compression.level,
    size: results.reduce((n, r) => n + r.length, 0),
    frames: dataParts.reduce((n, p) => n + table.entries(p).length, 0),
    uncompressedCrc32c: crc32cToBase64(crc),
  };
}
