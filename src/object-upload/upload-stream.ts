import { planParts, type PartPlan } from '../core/plan-parts.js';
import type { UploadState } from '../lane/upload-state.js';
import type { SourceDescriptor } from '../source/source-descriptor.js';
import type { ByteReader } from '../source/byte-reader.js';
import type { StreamInput } from '../source/stream-input.js';
import { StreamSlabs } from '../source/stream-slabs.js';
import { MAX_PARTS } from '../core/plan-parts.js';
import { sendStreamParts, streamSlabCount } from '../transfer/send-stream-parts.js';
import { startProgressReports } from '../transfer/progress-reports.js';
import type { ChecksumLearner } from './checksum-learner.js';
import { completeMultipart } from './complete-multipart.js';
import { shapeLanes, type LaneShape } from './lane-shape.js';
import { PartSender } from './part-sender.js';
import { abortAfter, startMultipart } from './start-multipart.js';
import type { UploadContext } from './upload-context.js';
import { sendSingleRequest } from './upload-file.js';
import { compressedParts, finishCompressedParts, sendCompressedPut } from '../compressed-upload/send-compressed.js';
import { cancelledByCaller, type UploadOutcome } from './upload-outcome.js';

/**
 * A stream: read into a ring of part-sized slabs in shared memory, its size known only at its end.
 * Its first part tells one PUT from a multipart upload, whose parts then go as they are read.
 */
export async function uploadStream(ctx: UploadContext, input: StreamInput | ByteReader, partSize: number): Promise<UploadOutcome> {
  const shape = await shapeLanes(ctx);
  const slabs = new StreamSlabs(input, partSize, streamSlabCount(shape.lanes));
  try {
    const start = await untilStopped(ctx.state, startStream(slabs));
    const checksum = ctx.checksumFor(start.plan);
    let plan = start.plan;
    const stopProgress = startProgressReports(ctx.state, () => plan, true, ctx.started, ctx.options);
    try {
      const { compression } = ctx.options;
      if (plan.singleRequest && compression) return await sendCompressedPut(ctx, shape, start.source, plan, checksum, compression);
      if (plan.singleRequest) return await sendSingleRequest(ctx, shape, start.source, plan, checksum);
      return await sendStreamMultipart(ctx, shape, slabs, start, checksum, (grown) => (plan = grown));
    } finally {
      stopProgress();
    }
  } finally {
    await slabs.close().catch(() => undefined);
  }
}

async function sendStreamMultipart(
  ctx: UploadContext,
  shape: LaneShape,
  slabs: StreamSlabs,
  start: StreamStart,
  checksum: ChecksumLearner,
  onPlan: (plan: PartPlan) => void,
): Promise<UploadOutcome> {
  const { compression } = ctx.options;
  const frames = compression && compressedParts(compression, 'stream', slabs.ring.slabSize);
  const sender = new PartSender(ctx, shape, start.source, checksum, await startMultipart(ctx, checksum), undefined, frames);
  let completed;
  let sent;
  try {
    sent = await sendStreamParts({
      slabs,
      firstBytes: start.firstBytes,
      sendPart: (partNumber, plan) => {
        onPlan(plan);
        // Part 1 goes alone first: a refusal of its checksum form sends it again in a weaker one.
        return partNumber === 1 ? sender.send([1], plan).then((r) => r.results) : sender.sendAsIs([partNumber], plan);
      },
      stop: () => ctx.state.stop('failed'),
      // A compressed object ends with its seek table, in a part of its own.
      maxParts: frames ? MAX_PARTS - 1 : MAX_PARTS,
      cancelled: whenCancelled(ctx.options.signal),
    });
    onPlan(sent.plan);
    if (frames) return await finishCompressedParts(ctx, { sender, shape, checksum, source: start.source }, sent.results, sent.plan, frames);
    completed = await completeMultipart(ctx, checksum, sender.uploadId!, sent.results, sent.plan, start.source);
  } catch (error) {
    throw await abortAfter(ctx, sender.uploadId!, error);
  }
  const verified = await completed.verify();
  const { results, plan } = sent;
  return { plan, results, etag: completed.etag, objectCrc: completed.objectCrc, verified, partsReused: 0, shape, checksum };
}

/** A stream's start: its first part read, which tells one PUT from a multipart upload. */
interface StreamStart {
  firstBytes: number;
  source: SourceDescriptor;
  plan: PartPlan;
}

async function startStream(slabs: StreamSlabs): Promise<StreamStart> {
  const partSize = slabs.ring.slabSize;
  const firstBytes = await slabs.fill(0);
  if (firstBytes < partSize || (await slabs.atEnd())) {
    // Small enough for one PUT, sent from slab 0 like a SharedArrayBuffer.
    return {
      firstBytes,
      source: { kind: 'shared', buffer: slabs.ring.buffer, byteOffset: 0, size: firstBytes },
      plan: planParts(firstBytes, partSize),
    };
  }
  return { firstBytes, source: slabs.ring, plan: { size: firstBytes, partSize, partCount: 1, singleRequest: false } };
}

/** `work`, or the caller's cancel if it comes first (a silent pipe must not hold a cancelled upload). */
function untilStopped<T>(state: UploadState, work: Promise<T>): Promise<T> {
  if (state.stopped) return Promise.reject(cancelledByCaller());
  return new Promise<T>((resolve, reject) => {
    const onStop = () => reject(cancelledByCaller());
    state.signal.addEventListener('abort', onStop, { once: true });
    work.then(resolve, reject).finally(() => state.signal.removeEventListener('abort', onStop));
  });
}

/**
 * Rejects once the caller cancels (its signal, or Uploader.close()); never resolves. Not the state's
 * stop: a refused checksum form stops the state and reopens it, and the upload goes on.
 */
function whenCancelled(signal: AbortSignal | undefined): Promise<never> {
  const cancelled = new Promise<never>((_, reject) => {
    if (signal?.aborted) reject(cancelledByCaller());
    else signal?.addEventListener('abort', () => reject(cancelledByCaller()), { once: true });
  });
  cancelled.catch(() => undefined);
  return cancelled;
}
