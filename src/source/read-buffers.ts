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
export const CHUNK_SIZE = 1024 * 1024;
/**
 * Two: one chunk of margin beyond the drained one. Four cost 2 MiB more per part in flight, which
 * with four workers put peak RSS at 285 MiB on loopback against 253 with two, for no measured throughput
 * (docs/performance-log.md); the CRC32C computed as chunks are handed over still catches a reuse
 * too early.
 */
export const RING_CHUNKS = 2;

/** One thread's read buffers (each thread has its own: ThreadContext). */
export class ReadBuffers {
  /** Rings of finished attempts, ready for the next part. Never more than the attempts in flight. */
  readonly #spareRings: Buffer[][] = [];
  #scratch: Buffer | undefined;

  takeRing(): Buffer[] {
    return this.#spareRings.pop() ?? Array.from({ length: RING_CHUNKS }, () => Buffer.allocUnsafeSlow(CHUNK_SIZE));
  }

  returnRing(ring: Buffer[]): void {
    this.#spareRings.push(ring);
  }

  /** The one buffer checksum passes read into: passes on one thread take turns (ChecksumTurns), so never overlap. */
  get scratch(): Buffer {
    return (this.#scratch ??= Buffer.allocUnsafeSlow(CHUNK_SIZE));
  }

  /** Lets an idle thread give the memory back (inline mode keeps the main thread's buffers otherwise). */
  drop(): void {
    this.#spareRings.length = 0;
    this.#scratch = undefined;
  }
}
