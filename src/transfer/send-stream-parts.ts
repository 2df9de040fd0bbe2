import { MAX_PARTS, type PartPlan } from '../core/plan-parts.js';
import { formatSize } from '../core/sizes.js';
import { PartpushError } from '../errors.js';
import type { PartResult } from '../lane/lane-task.js';
import type { StreamSlabs } from '../source/stream-slabs.js';

/** The most parts of a stream in flight: its ring has one slab more (the one being filled). */
export const MAX_STREAM_PARTS_IN_FLIGHT = 16;

/** Slabs for a stream sent over `lanes` lanes: memory is this many parts, whatever the stream's length. */
export function streamSlabCount(lanes: number): number {
  return Math.min(lanes, MAX_STREAM_PARTS_IN_FLIGHT) + 1;
}

export interface StreamPartsRun {
  slabs: StreamSlabs;
  /** Bytes in slab 0, read before the upload was planned (more than a part: it is multipart). */
  firstBytes: number;
  /** Sends one part already in its slab; `plan` covers the stream up to this part's end. */
  sendPart(partNumber: number, plan: PartPlan): Promise<PartResult[]>;
  /** Stops the parts in flight (the stream failed, or the upload must end). */
  stop(): void;
}

/**
 * Sends a stream part by part as its slabs fill: part N goes out as soon as slab (N - 1) % slabs is
 * full, and that slab is filled again only once part N was acknowledged. Part 1 goes alone first,
 * so that a store's refusal of the checksum form (under 'auto') is learned before more parts are
 * sent, and so that it can be sent again from slab 0 in a new multipart upload (nothing else has
 * been read yet). Returns the parts and the stream's final plan; nothing reads a slab after it
 * returns or throws. The caller closes the stream.
 */
export async function sendStreamParts(run: StreamPartsRun): Promise<{ results: PartResult[]; plan: PartPlan }> {
  const { slabs } = run;
  const { slabSize, slabCount } = slabs.ring;
  const results: PartResult[] = [];
  const inFlight: Promise<void>[] = [];
  let failure: unknown;
  let onFailure!: () => void;
  const failed = new Promise<never>((_, reject) => { onFailure = () => reject(failure); });
  failed.catch(() => undefined);
  const fail = (error: unknown) => {
    // Once one part fails the others are cancelled; keep the failure that caused it.
    if (failure === undefined || (isCancellation(failure) && !isCancellation(error))) failure = error;
    onFailure();
  };
  /** A read of the stream, given up on when a part fails meanwhile (a pipe may stay silent for long). */
  const orFailure = <T>(read: Promise<T>): Promise<T> => {
    read.catch(() => undefined);
    return Promise.race([read, failed]);
  };

  let size = 0;
  let partNumber = 1;
  let filled = run.firstBytes;
  let plan: PartPlan;
  try {
    for (;;) {
      const last = filled < slabSize || await orFailure(slabs.atEnd());
      size += filled;
      if (!last && partNumber === MAX_PARTS) throw tooLong(slabSize);
      plan = { size, partSize: slabSize, partCount: partNumber, singleRequest: false };
      const sending = run.sendPart(partNumber, plan).then((r) => { results.push(...r); });
      if (partNumber === 1) await sending;
      else inFlight[(partNumber - 1) % slabCount] = sending.catch(fail);
      if (last) break;
      partNumber++;
      const slab = (partNumber - 1) % slabCount;
      await inFlight[slab];
      if (failure !== undefined) throw failure;
      filled = await orFailure(slabs.fill(slab));
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
    return { results: results.sort((a, b) => a.partNumber - b.partNumber), plan };
  } catch (error) {
    // Part 1 fails alone, and the caller may send it again (a new upload in another checksum form).
    if (inFlight.length > 0) {
      run.stop();
      await Promise.all(inFlight);
    }
    throw failure ?? error;
  }
}

function isCancellation(error: unknown): boolean {
  return error instanceof PartpushError && error.code === 'PARTPUSH_ABORTED';
}

function tooLong(partSize: number): PartpushError {
  return new PartpushError('PARTPUSH_TOO_LARGE',
    `the stream is longer than ${MAX_PARTS} parts of ${formatSize(partSize)} (${formatSize(MAX_PARTS * partSize)}), the most a multipart upload holds; ` +
    'nothing was completed. Give its size beforehand with --expected-size (API: expectedSize) or a larger --part-size');
}
