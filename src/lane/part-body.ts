import { CHECKSUM_MISMATCH_CODES } from '../http/service-error.js';
import { awsChunked, awsChunkedHeaders } from '../checksum/aws-chunked.js';
import type { ChecksumPlacement } from '../checksum/checksum-placement.js';
import { crc32c } from '../checksum/crc32c.js';
import { crc32cToBase64 } from '../checksum/crc32c-combine.js';
import { checksumHeaders } from '../wire/multipart-requests.js';
import type { Dialect } from '../target/resolve-target.js';
import type { PartReader } from '../source/part-reader.js';
import { PartpushError } from '../errors.js';

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
  /** The caller's CRC32C of the whole source (expectCrc32c), if it gave one. */
  expected?: number;
  /** This body is the whole object (a single PUT): `expected` is its CRC32C. */
  whole?: boolean;
  onChunk: (bytes: number) => void;
  isCancelled: () => boolean;
}

/**
 * The body of one attempt. Where the caller gave the whole object's CRC32C (expectCrc32c), the body
 * is checksummed as it is handed over and its last chunk held back if it differs: a file written
 * since the caller checksummed it never becomes an object the store accepts. A CRC32C sent in a
 * header is the store's to check (BadDigest; see explainRefusal), not checksummed a second time.
 */
export async function partBody(reader: PartReader, spec: PartBodySpec): Promise<PartBody> {
  const { dialect, length } = spec;
  const expected = spec.whole ? spec.expected : undefined;
  const data = () => reader.body(spec.onChunk, spec.isCancelled);
  // Without a placement, checksummed only when a CRC32C is to be checked (here, or before the Complete).
  if (spec.checksum === undefined && spec.expected === undefined) {
    return { headers: { 'content-length': String(length) }, body: length === 0 ? undefined : data(), crc32c: () => undefined };
  }
  if (spec.checksum === 'crc32c-header' || length === 0) {
    const crc = length === 0 ? 0 : await reader.crc32c();
    if (expected !== undefined && crc !== expected) throw sourceChanged(crc, expected, 'given');
    const headers = { 'content-length': String(length), ...(spec.checksum === undefined ? {} : checksumHeaders(dialect, crc)) };
    // With the caller's CRC32C, the bytes sent must be the ones read for the header too.
    const body = length === 0 ? undefined : expected === undefined ? data() : checkedCrc32c(data(), length, crc, 'read first').chunks;
    return { headers, body, crc32c: () => crc };
  }
  const running = checkedCrc32c(data(), length, expected, 'given');
  if (dialect === 'gcs' || spec.checksum === undefined) {
    return { headers: { 'content-length': String(length) }, body: running.chunks, crc32c: running.value };
  }
  return {
    headers: awsChunkedHeaders(length),
    // The trailer is asked for after the last chunk, when the CRC32C is complete.
    body: awsChunked(running.chunks, length, () => crc32cToBase64(running.value()!)),
    crc32c: running.value,
  };
}

/**
 * The chunks, checksummed as each is taken; the CRC32C once all `length` bytes have passed. With
 * `expected`, the chunk that completes the body is held back (the request fails before the store
 * has every byte, so it makes no object) unless the whole has that CRC32C.
 */
function checkedCrc32c(
  chunks: Iterable<Buffer>,
  length: number,
  expected: number | undefined,
  whose: 'given' | 'read first',
): { chunks: Generator<Buffer>; value: () => number | undefined } {
  let crc = 0;
  let seen = 0;
  function* checksummed(): Generator<Buffer> {
    for (const chunk of chunks) {
      crc = crc32c(chunk, crc);
      seen += chunk.length;
      if (seen === length && expected !== undefined && crc !== expected) throw sourceChanged(crc, expected, whose);
      yield chunk;
    }
  }
  return {
    chunks: checksummed(),
    // A store that answers before it has every byte must not be checked against a prefix's CRC32C.
    value: () => (seen === length ? crc : undefined),
  };
}

function sourceChanged(read: number, expected: number, whose: 'given' | 'read first'): PartpushError {
  const what =
    whose === 'given'
      ? `the source changed since it was checksummed: its bytes have CRC32C ${crc32cToBase64(read)}, not ${crc32cToBase64(expected)} (expectCrc32c)`
      : `the source changed while it was being sent: its bytes have CRC32C ${crc32cToBase64(read)}, not ${crc32cToBase64(expected)}, read a moment before and sent in the header`;
  return new PartpushError(
    'PARTPUSH_SOURCE_CHANGED',
    `${what}; nothing was stored from them: upload it again once it is no longer being written`,
  );
}

/**
 * A store's BadDigest for a CRC32C sent in a header: the part is read again, and if its bytes no
 * longer have that CRC32C the source changed between the two reads (a write while it was sent),
 * which is said as such rather than as the store's or the network's fault. Any other refusal, or
 * bytes that still match, stand as they are.
 */
export async function explainRefusal(
  refusal: PartpushError,
  reader: PartReader,
  upload: { checksum?: ChecksumPlacement },
  body: PartBody,
): Promise<PartpushError> {
  const sent = body.crc32c();
  const mismatch = refusal.serviceCode !== undefined && CHECKSUM_MISMATCH_CODES.has(refusal.serviceCode);
  if (!mismatch || upload.checksum !== 'crc32c-header' || sent === undefined) return refusal;
  const now = await reader.crc32c().catch(() => sent);
  return now === sent ? refusal : sourceChanged(now, sent, 'read first');
}
