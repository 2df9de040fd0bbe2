import { setTimeout as sleep } from 'node:timers/promises';
import type { BandwidthCap } from './bandwidth-cap.js';

/**
 * A body whose chunks wait their turn under the cap as undici pulls them, so the cap holds per
 * slice of a chunk, not per part. The body stays a *sync* iterable (undici keeps any async one off
 * a shared HTTP/2 session, see part-reader.ts): a slice that must wait is yielded as a promise of
 * itself, which undici's `for await` over the body awaits before writing it. Slices are subarrays:
 * no copy. `onTurn` is told of each slice that goes out (its bytes): under a low cap shared by many
 * lanes, one chunk can take longer than the stall timeout, and a wait for its turn is not a stall;
 * and progress counts the bytes as they go out, not as they are read ahead of their turn.
 */
export function* throttledBody(
  body: Iterable<Buffer>,
  cap: BandwidthCap,
  isCancelled: () => boolean,
  onTurn: (bytes: number) => void = () => {},
): Generator<Buffer | Promise<Buffer>> {
  const slice = cap.sliceBytes;
  for (const chunk of body) {
    for (let at = 0; at < chunk.length; at += slice) {
      const piece = chunk.length <= slice ? chunk : chunk.subarray(at, Math.min(at + slice, chunk.length));
      const waitMs = cap.reserve(piece.length);
      if (waitMs < 1) onTurn(piece.length);
      yield waitMs < 1 ? piece : afterTurn(piece, waitMs, isCancelled, onTurn);
    }
  }
}

async function afterTurn(piece: Buffer, waitMs: number, isCancelled: () => boolean, onTurn: (bytes: number) => void): Promise<Buffer> {
  await sleep(waitMs);
  if (isCancelled()) throw new Error('cancelled while waiting for its turn under the bandwidth cap');
  onTurn(piece.length);
  return piece;
}
