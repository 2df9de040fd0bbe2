/**
 * The buffers file parts are read into, reused from part to part on one thread.
 *
 * Why reuse: memory a process touches for the first time is expensive, and a fresh 1 MiB buffer per
 * chunk touches new memory for every byte sent. On the 2-core development VM, reading 1 GiB from the
 * page cache took 382 ms into fresh buffers and 70 ms into reused ones, and sending over TLS h2 ran
 * at about half the speed with fresh buffers (docs/performance-log.md). Elsewhere the gain is
 * smaller (page faults are cheaper on bare metal).
 *
 * Why it is safe (memory reused while a request still reads it is the classic bug here):
 * - One attempt of one part owns a ring of RING_CHUNKS buffers and writes chunk k into
 *   ring[k % RING_CHUNKS]. A buffer is therefore overwritten only when the body is asked for the
 *   chunk RING_CHUNKS places later. undici asks for a body's next chunk only after the previous
 *   write drained (client-h1/client-h2 writeIterable: `if (!write(chunk)) await waitForDrain()`;
 *   a 1 MiB chunk always exceeds the 16 KiB high-water mark), and 'drain' means every chunk written
 *   so far has been handed to the socket: TLS has encrypted it, the kernel has copied it. The ring
 *   keeps RING_CHUNKS - 1 chunks of margin beyond that.
 * - The ring goes back to the thread's spares only after the attempt succeeded: the store answered
 *   200 with an ETag, so it had every byte. A failed attempt (reset, stall, cancel) may leave a
 *   write queued in the session, so its ring is dropped and garbage-collected like any buffer.
 * - Should a future undici write ahead without draining, the part's CRC32C (on by default) catches
 *   it: it is computed from each chunk as the body hands it over, before the buffer could be
 *   overwritten, so the store's check of the trailer (S3) or partpush's check of the CRC32C the
 *   store reports (GCS) fails. test/integration/upload-matrix.test.ts also checks the stored bytes
 *   of uploads made without a checksum.
 */
/** The largest send chunk: one huge write stalls TLS (a 64 MiB write runs at half speed). */
export const MAX_CHUNK_SIZE = 1024 * 1024;
/** The smallest: below it, each chunk's fixed cost (a write, a drain, a frame) shows on a fast link. */
export const MIN_CHUNK_SIZE = 256 * 1024;
/**
 * Two: one chunk of margin beyond the drained one. Four 1 MiB chunks cost 2 MiB more per part in
 * flight, which with four workers put peak RSS at 285 MiB on loopback against 253 with two, for no
 * measured throughput (docs/performance-log.md); the CRC32C computed as chunks are handed over
 * still catches a reuse too early.
 */
export const RING_CHUNKS = 2;
/**
 * The ring bytes one upload aims for over all its parts in flight, on every thread together. Each
 * chunk in flight costs about its size once more in the TLS layer's copy, so send memory grows
 * with parts in flight times chunk size. A long round trip wants many parts in flight, each of
 * which then moves slowly: there the chunks shrink instead of the memory growing. One worker with
 * its default four parts keeps 1 MiB chunks (docs/performance-log.md).
 */
const RING_BUDGET = 16 * 1024 * 1024;

/** The send chunk for an upload with `partsInFlight` parts in flight: 1 MiB, halved while over the budget, down to 256 KiB. */
export function sendChunkSize(partsInFlight: number): number {
  let size = MAX_CHUNK_SIZE;
  while (size > MIN_CHUNK_SIZE && partsInFlight * RING_CHUNKS * size > RING_BUDGET) size /= 2;
  return size;
}

/** One thread's read buffers (each thread has its own: ThreadContext). */
export class ReadBuffers {
  /** Rings of finished attempts by chunk size, ready for the next part: never more of a size than were once in flight. */
  readonly #spareRings = new Map<number, Buffer[][]>();
  #scratch: Buffer | undefined;

  takeRing(chunkSize: number): Buffer[] {
    return this.#spareRings.get(chunkSize)?.pop() ?? Array.from({ length: RING_CHUNKS }, () => Buffer.allocUnsafeSlow(chunkSize));
  }

  returnRing(ring: Buffer[]): void {
    const size = ring[0]!.length;
    let spares = this.#spareRings.get(size);
    if (!spares) this.#spareRings.set(size, (spares = []));
    spares.push(ring);
  }

  /** The one buffer checksum passes read into: passes on one thread take turns (ChecksumTurns), so never overlap. */
  get scratch(): Buffer {
    return (this.#scratch ??= Buffer.allocUnsafeSlow(MAX_CHUNK_SIZE));
  }

  /** Lets an idle thread give the memory back (inline mode keeps the main thread's buffers otherwise). */
  drop(): void {
    this.#spareRings.clear();
    this.#scratch = undefined;
  }
}
