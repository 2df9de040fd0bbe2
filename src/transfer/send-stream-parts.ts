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
  sendPart: (partNumber: number, plan: PartPlan) => Promise<PartResult[]>;
  /** Stops the parts in flight (the stream failed, or the upload must end). */
  stop: () => void;
  /** The most data parts (MAX_PARTS; one fewer when the upload ends with a part of its own, a seek table). */
  maxParts?: number;
  /** Rejects when the upload is cancelled: a read waiting on a silent stream is given up then too. */
  cancelled?: Promise<never>;
}

/**
 * Sends a stream part by part as its slabs fill: part N goes out as soon as slab (N - 1) % slabs is
 * full, and that slab is filled again only once part N was acknowledged. Part 1 goes alone first,
 * so that a store's refusal of the checksum form (under 'auto') is learned before more parts are
 * sent; meanwhile the other slabs are read ahead, not sent (`slabs.readAhead`), so that a refused
 * part 1 can be sent again, with them, in a new multipart upload by calling this again. Returns
 * the parts and the stream's final plan; nothing reads a slab after it returns or throws. The
 * caller closes the stream.
 */
export async function sendStreamParts(run: StreamPartsRun): Promise<{ results: PartResult[]; plan: PartPlan }> {
  const { slabs } = run;
  const { slabSize, slabCount } = slabs.ring;
  const results: PartResult[] = [];
  const inFlight: Promise<void>[] = [];
  const failure: { error?: Error } = {};
  let onFailure!: (error: Error) => void;
  const failed = new Promise<never>((_, reject) => {
    onFailure = reject;
  });
  failed.catch(() => undefined);
  const fail = (error: unknown) => {
    // Once one part fails the others are cancelled; keep the failure that caused it.
    if (failure.error === undefined || (isCancellation(failure.error) && !isCancellation(error))) {
      failure.error = error instanceof Error ? error : new Error(String(error));
    }
    onFailure(failure.error);
  };
  const throwIfFailed = () => {
    if (failure.error) throw failure.error;
  };
  run.cancelled?.catch(fail);
  /** A read of the stream, given up on when a part fails or the upload is cancelled meanwhile (a pipe may stay silent for long). */
  const orFailure = <T>(read: Promise<T>): Promise<T> => {
    read.catch(() => undefined);
    return Promise.race([read, failed]);
  };

  const ahead = slabs.readAhead;
  // Part 1 is never the last: a stream that fits one part went as one PUT.
  let size = run.firstBytes;
  let plan: PartPlan = { size, partSize: slabSize, partCount: 1, singleRequest: false };
  try {
    const reading = readAhead(slabs);
    // Handled now, thrown below: a read may fail while part 1 is still out.
    const readSettled = reading.then(
      () => undefined,
      () => undefined,
    );
    try {
      results.push(...(await run.sendPart(1, plan)));
    } finally {
      // A cancel ends the wait for a read that may never return (a silent pipe).
      await (run.cancelled ? Promise.race([readSettled, run.cancelled.catch(() => undefined)]) : readSettled);
    }
    await orFailure(reading); // a read that failed fails the upload now that part 1 has settled
    for (let partNumber = 2; ; partNumber++) {
      const slab = (partNumber - 1) % slabCount;
      await inFlight[slab];
      throwIfFailed();
      const filled = ahead.length > 0 ? ahead.shift()! : await orFailure(slabs.fill(slab));
      if (filled === 0) break; // not expected (atEnd said more was coming), but nothing is left to send
      // Only past the parts read ahead does the reader stand where the next part would start.
      const last = filled < slabSize || (ahead.length === 0 && (await orFailure(slabs.atEnd())));
      size += filled;
      if (!last && partNumber === (run.maxParts ?? MAX_PARTS)) throw tooLong(slabSize, run.maxParts ?? MAX_PARTS);
      plan = { size, partSize: slabSize, partCount: partNumber, singleRequest: false };
      inFlight[slab] = run.sendPart(partNumber, plan).then((r) => {
        results.push(...r);
      }, fail);
      if (last) break;
    }
    await Promise.all(inFlight);
    throwIfFailed();
    return { results: results.sort((a, b) => a.partNumber - b.partNumber), plan };
  } catch (error) {
    // Kept before the parts in flight are stopped: their cancellations must not stand in for the
    // cause (a stream longer than the part numbers allow was reported as cancelled).
    fail(error);
    // Part 1 fails alone, and the caller may send it again (a new upload in another checksum form).
    if (inFlight.length > 0) {
      run.stop();
      await Promise.all(inFlight);
    }
    throw failure.error ?? error;
  }
}

/**
 * Fills the slabs after part 1's while it is sent (once: a second call finds them filled), up to
 * the ring's end or the stream's. Each entry of `readAhead` is the bytes of part 2, 3, ...
 */
async function readAhead(slabs: StreamSlabs): Promise<void> {
  const { slabSize, slabCount } = slabs.ring;
  const ahead = slabs.readAhead;
  if (slabs.readAheadDone) return;
  while (ahead.length < slabCount - 1) {
    const filled = await slabs.fill(ahead.length + 1);
    if (filled === 0) break;
    ahead.push(filled);
    if (filled < slabSize) break;
  }
  slabs.readAheadDone = true;
}

function isCancellation(error: unknown): boolean {
  return error instanceof PartpushError && error.code === 'PARTPUSH_ABORTED';
}

function tooLong(partSize: number, maxParts: number): PartpushError {
  const holds = maxParts === MAX_PARTS ? 'the most a multipart upload holds' : `the most a multipart upload holds beside its seek table`;
  return new PartpushError(
    'PARTPUSH_TOO_LARGE',
    `the stream is longer than ${maxParts} parts of ${formatSize(partSize)} (${formatSize(maxParts * partSize)}), ${holds}; ` +
      'nothing was completed. Give its size beforehand with --expected-size (API: expectedSize) or a larger --part-size',
  );
}
