import { awsChunked, awsChunkedHeaders } from '../checksum/aws-chunked.js';
import type { ChecksumPlacement } from '../checksum/checksum-placement.js';
import { crc32c } from '../checksum/crc32c.js';
import { crc32cToBase64 } from '../checksum/crc32c-combine.js';
import { checksumHeaders } from '../wire/multipart-requests.js';
import type { Dialect } from '../target/resolve-target.js';
import type { PartReader } from '../source/part-reader.js';

/** One attempt's body and the headers that describe it. */
export interface PartBody {
  /** content-length and the checksum headers. */
  headers: Record<string, string>;
  /** Absent for an empty part: stores answer 411 to a chunked empty body. */
  body?: Iterable<Buffer>;
  /**
   * The CRC32C of the part: at once in header placement; while sending, once the whole body has
   * been handed over (undefined before, as without a checksum).
   */
  crc32c: () => number | undefined;
}

export interface PartBodySpec {
  dialect: Dialect;
  length: number;
  checksum: ChecksumPlacement | undefined;
  onChunk: (bytes: number) => void;
  isCancelled: () => boolean;
}

export async function partBody(reader: PartReader, spec: PartBodySpec): Promise<PartBody> {
  const { dialect, length } = spec;
  const data = () => (length === 0 ? undefined : reader.body(spec.onChunk, spec.isCancelled));
  if (spec.checksum === undefined) {
    return { headers: { 'content-length': String(length) }, body: data(), crc32c: () => undefined };
  }
  // An empty part has nothing to read twice, and an aws-chunked body would give it bytes to send.
  if (spec.checksum === 'crc32c-header' || length === 0) {
    const crc = length === 0 ? 0 : await reader.crc32c();
    return { headers: { 'content-length': String(length), ...checksumHeaders(dialect, crc) }, body: data(), crc32c: () => crc };
  }
  const running = runningCrc32c(data()!, length);
  if (dialect === 'gcs') {
    return { headers: { 'content-length': String(length) }, body: running.chunks, crc32c: running.value };
  }
  return {
    headers: awsChunkedHeaders(length),
    // The trailer is asked for after the last chunk, when the CRC32C is complete.
    body: awsChunked(running.chunks, length, () => crc32cToBase64(running.value()!)),
    crc32c: running.value,
  };
}

/** The chunks, checksummed as each is taken; the CRC32C once all `length` bytes have passed. */
function runningCrc32c(chunks: Iterable<Buffer>, length: number): { chunks: Generator<Buffer>; value: () => number | undefined } {
  let crc = 0;
  let seen = 0;
  function* checksummed(): Generator<Buffer> {
    for (const chunk of chunks) {
      crc = crc32c(chunk, crc);
      seen += chunk.length;
      yield chunk;
    }
  }
  return {
    chunks: checksummed(),
    // A store that answers before it has every byte must not be checked against a prefix's CRC32C.
    value: () => (seen === length ? crc : undefined),
  };
}
