import { PartpushError } from '../errors.js';
import type { ByteReader } from './byte-reader.js';

/** A source of unknown length: a Node Readable, any async iterable of bytes, or a web ReadableStream. */
export type StreamInput = NodeJS.ReadableStream | AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

export function isStreamInput(input: unknown): input is StreamInput {
  if (typeof input !== 'object' || input === null || ArrayBuffer.isView(input)) return false;
  return Symbol.asyncIterator in input || typeof (input as ReadableStream).getReader === 'function';
}

/**
 * A stream of chunks as a ByteReader: each read copies from the current chunk into the memory it
 * is given (the one copy a stream that hands out its own buffers costs), keeping the rest of the
 * chunk for the next read.
 */
export function chunkReader(input: StreamInput): ByteReader {
  const chunks = chunksOf(input)[Symbol.asyncIterator]();
  let rest: Uint8Array | undefined;
  return {
    async readInto(target) {
      while (!rest || rest.length === 0) {
        const next = await chunks.next();
        if (next.done) return 0;
        rest = next.value;
      }
      const n = Math.min(rest.length, target.length);
      target.set(n === rest.length ? rest : rest.subarray(0, n));
      rest = rest.subarray(n);
      return n;
    },
    async close() {
      // Not awaited: an async generator takes return() only after the read it is in returns, and a
      // silent pipe's may never (a cancel would then wait for the sender). A Readable is destroyed,
      // which ends that read, as pipeline() does on a failure.
      const destroyable = input as unknown as { destroy?: () => void };
      if (typeof destroyable.destroy === 'function') destroyable.destroy();
      chunks.return?.(undefined).catch(() => undefined);
    },
  };
}

/**
 * The stream's chunks as one async iterator, whichever kind it is. A chunk that is not bytes (a
 * Readable in object mode, or with an encoding set) fails the upload: its text could be stored in
 * another encoding than it was read in.
 */
async function* chunksOf(input: StreamInput): AsyncGenerator<Uint8Array> {
  const iterable: AsyncIterable<unknown> =
    Symbol.asyncIterator in input ? (input as AsyncIterable<unknown>) : webChunks(input as ReadableStream<Uint8Array>);
  for await (const chunk of iterable) {
    if (!(chunk instanceof Uint8Array)) {
      throw new PartpushError(
        'PARTPUSH_SOURCE_UNREADABLE',
        `the stream gave a ${typeof chunk === 'string' ? 'string' : typeof chunk} chunk, not bytes; read it without an encoding (no setEncoding, no objectMode)`,
      );
    }
    yield chunk;
  }
}

async function* webChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
