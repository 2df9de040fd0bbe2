import type { Compression } from '../compress/compression.js';
import type { CompressedParts } from '../compress/compressed-parts.js';
import { FrameTable } from '../compress/frame-table.js';
import { MAX_PARTS, MIN_PART_SIZE, type PartPlan } from '../core/plan-parts.js';
import type { PartResult } from '../lane/lane-task.js';
import type { ChecksumLearner } from '../object-upload/checksum-learner.js';
import { completeMultipart } from '../object-upload/complete-multipart.js';
import type { LaneShape } from '../object-upload/lane-shape.js';
import { PartSender } from '../object-upload/part-sender.js';
import { abortAfter } from '../object-upload/start-multipart.js';
import type { UploadContext } from '../object-upload/upload-context.js';
import { partNumbersOf, type UploadOutcome } from '../object-upload/upload-outcome.js';
import { encodeSeekTable, seekTableSize } from '../seekable/seek-table.js';
import type { FileSource, SharedSource, SourceDescriptor } from '../source/source-descriptor.js';
import { compressedObject } from './compressed-object-facts.js';
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
 * them, then the seek table as the last part (finishCompressedParts).
 */
export async function sendCompressed(ctx: UploadContext, start: CompressedStart, compression: Compression): Promise<UploadOutcome> {
  const { shape, source, plan, checksum } = start;
  if (plan.singleRequest) return sendCompressedPut(ctx, shape, source, plan, checksum, compression);
  const frames = compressedParts(compression, plan.partCount, plan.partSize);
  const sender = new PartSender(ctx, shape, source, checksum, await start.initiating!, undefined, frames);
  try {
    const sent = await sender.send(partNumbersOf(plan), plan);
    return await finishCompressedParts(ctx, { sender, shape, checksum, source }, sent.results, plan, frames);
  } catch (error) {
    throw await abortAfter(ctx, sender.uploadId!, error);
  }
}

/** The whole object in one PUT: its frames, then the seek table the worker wrote after them. */
export async function sendCompressedPut(
  ctx: UploadContext,
  shape: LaneShape,
  source: SourceDescriptor,
  plan: PartPlan,
  checksum: ChecksumLearner,
  compression: Compression,
): Promise<UploadOutcome> {
  const table = new FrameTable({ firstPart: 1, parts: 1, entriesPerPart: Math.ceil(plan.size / compression.frameSize) + 1 });
  const frames: CompressedParts = { ...compression, table: table.buffer, padTo: 0, withSeekTable: true };
  const sent = await new PartSender(ctx, shape, source, checksum, undefined, undefined, frames).send([1], plan);
  const results = sent.results.map((r) => ({ ...r, length: table.compressedLength(1) + seekTableSize(table.entries(1).length) }));
  const only = results[0]!;
  const verified = only.crc32cConfirmed === true ? 'object' : 'none';
  const compressed = compressedObject(compression, table, plan, results);
  return { plan, results, etag: only.etag, objectCrc: only.crc32c, verified, partsReused: 0, shape, checksum, compressed };
}

/**
 * The lanes' shared frame table and compression for parts of `partSize` uncompressed bytes, parts
 * 1 to `parts`; a stream, whose count is not known, gets room for every part it may have.
 */
export function compressedParts(compression: Compression, parts: number | 'stream', partSize: number): CompressedParts {
  const table = new FrameTable({
    firstPart: 1,
    parts: parts === 'stream' ? MAX_PARTS : parts,
    // Whole frames and the padding frame; a part size that is not a whole number of frames has a short last one.
    entriesPerPart: Math.ceil(partSize / compression.frameSize) + 1,
  });
  return { ...compression, table: table.buffer, padTo: MIN_PART_SIZE, withSeekTable: false };
}

/** What sent the data parts: the seek table goes the same way. */
export interface CompressedSending {
  sender: PartSender;
  shape: LaneShape;
  checksum: ChecksumLearner;
  source: SourceDescriptor;
}

/**
 * After the data parts: the seek table, assembled from the frame sizes the lanes left in the frame
 * table, goes as the last part, then the Complete and its check over the object as stored. The
 * caller aborts the multipart upload if this throws.
 */
export async function finishCompressedParts(
  ctx: UploadContext,
  sending: CompressedSending,
  sent: readonly PartResult[],
  plan: PartPlan,
  frames: CompressedParts,
): Promise<UploadOutcome> {
  const { sender, shape, checksum } = sending;
  const table = new FrameTable(frames.table);
  // The board knows each part by its uncompressed range; the store has the compressed bytes.
  const dataParts = sent.map((r) => ({ ...r, length: table.compressedLength(r.partNumber) }));
  const seekTable = encodeSeekTable(dataParts.flatMap((r) => table.entries(r.partNumber)));
  const last = await sendSeekTable(ctx, shape, checksum, sender.uploadId!, plan.partCount + 1, seekTable);
  const results = [...dataParts, last];
  const objectSize = results.reduce((n, r) => n + r.length, 0);
  const completed = await completeMultipart(ctx, checksum, sender.uploadId!, results, { ...plan, size: objectSize }, sending.source);
  const verified = await completed.verify();
  const compressed = compressedObject(frames, table, plan, results);
  // The result counts the object's parts as the store does: the seek table's too.
  const stored = { ...plan, partCount: results.length };
  return {
    plan: stored,
    results,
    etag: completed.etag,
    objectCrc: completed.objectCrc,
    verified,
    partsReused: 0,
    shape,
    checksum,
    compressed,
  };
}
