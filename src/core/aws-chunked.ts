/**
 * S3's `aws-chunked` body with a trailing checksum (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`), the
 * framing AWS's own SDKs use for flexible checksums:
 *
 *   <hex size>\r\n<data>\r\n ... 0\r\n x-amz-checksum-crc32c:<base64>\r\n \r\n
 *
 * Why partpush sends it: the CRC32C travels after the bytes, so it is computed from the very chunks
 * handed to the socket, and a file part is read once. With the checksum in a header, each part
 * had to be read and checksummed before its first byte could leave, then read again to be sent:
 * about 0.2 CPU seconds per GiB on the worker's core (README, Performance). The store still
 * verifies the checksum before it keeps the part, as it does a header's.
 */
export const CRC32C_TRAILER = 'x-amz-checksum-crc32c';

/** What tells S3 the payload is unsigned aws-chunked data with a trailer (SigV4's payload hash). */
export const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';

/** Base64 of four bytes is always eight characters. */
const TRAILER_LINE_BYTES = `${CRC32C_TRAILER}:AAAAAA==\r\n`.length;
/** The zero-size chunk, then after the trailer line, the empty line that ends the body. */
const END_BYTES = '0\r\n'.length + TRAILER_LINE_BYTES + '\r\n'.length;

/**
 * Bytes on the wire for `dataLength` bytes sent in chunks of `chunkSize` (the last one shorter):
 * the Content-Length, which S3-compatible stores require up front.
 */
export function awsChunkedLength(dataLength: number, chunkSize: number): number {
  const full = Math.floor(dataLength / chunkSize);
  const rest = dataLength - full * chunkSize;
  const framing = (n: number) => n.toString(16).length + 4; // "<hex>\r\n" before, "\r\n" after
  return dataLength + full * framing(chunkSize) + (rest > 0 ? framing(rest) : 0) + END_BYTES;
}

/** Request headers of an aws-chunked body: the store checks both lengths and the trailer's name. */
export function awsChunkedHeaders(dataLength: number, chunkSize: number): Record<string, string> {
  return {
    'content-length': String(awsChunkedLength(dataLength, chunkSize)),
    'content-encoding': 'aws-chunked',
    'x-amz-content-sha256': STREAMING_UNSIGNED_TRAILER,
    'x-amz-decoded-content-length': String(dataLength),
    'x-amz-trailer': CRC32C_TRAILER,
    // Not needed by S3 itself; moto reports the trailer's checksum back only when it is named here.
    'x-amz-sdk-checksum-algorithm': 'CRC32C',
  };
}

/**
 * Frames `chunks` as aws-chunked data. `trailer` is asked for the checksum's base64 only after the
 * last chunk has been taken, so it can be computed from the chunks as they pass. Each data chunk is
 * handed on as it came (no copy); the framing between two chunks goes out as one small buffer.
 */
export function* awsChunked(chunks: Iterable<Buffer>, trailer: () => string): Generator<Buffer> {
  let between = '';
  for (const chunk of chunks) {
    if (chunk.length === 0) continue; // a zero-size chunk would end the body early
    yield Buffer.from(`${between}${chunk.length.toString(16)}\r\n`, 'latin1');
    yield chunk;
    between = '\r\n';
  }
  yield Buffer.from(`${between}0\r\n${CRC32C_TRAILER}:${trailer()}\r\n\r\n`, 'latin1');
}
