/**
 * S3's `aws-chunked` body with a trailing checksum (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`), the
 * framing AWS's own SDKs use for flexible checksums:
 *
 *   <hex size>\r\n<data>\r\n ... 0\r\n x-amz-checksum-crc32c:<base64>\r\n \r\n
 *
 * Why partpush sends it: the CRC32C travels after the bytes, so it is computed from the very chunks
 * handed to the socket, and a file part is read once. With the checksum in a header, each part
 * had to be read and checksummed before its first byte could leave, then read again to be sent,
 * a cost the worker's core pays for every part. The store still verifies the checksum before it
 * keeps the part, as it does a header's.
 */
export const CRC32C_TRAILER = 'x-amz-checksum-crc32c';

/** What tells S3 the payload is unsigned aws-chunked data with a trailer (SigV4's payload hash). */
export const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';

/**
 * Bytes of data per aws-chunk: 8 MiB, the top of the 64 KiB-8 MiB the AWS SDKs send, and half the
 * 16 MiB that MinIO's decoder accepts. Not the 1 MiB send chunk: the framing between two aws-chunks
 * goes out as a separate small write, and one per MiB cost measurable CPU over cleartext
 * (docs/performance-log.md).
 */
export const AWS_CHUNK_BYTES = 8 * 1024 * 1024;

/** Base64 of four bytes is always eight characters. */
const TRAILER_LINE_BYTES = `${CRC32C_TRAILER}:AAAAAA==\r\n`.length;
/** The zero-size chunk, then after the trailer line, the empty line that ends the body. */
const END_BYTES = '0\r\n'.length + TRAILER_LINE_BYTES + '\r\n'.length;

/** Bytes on the wire for `dataLength` bytes framed in aws-chunks of `chunkBytes`: the Content-Length. */
export function awsChunkedLength(dataLength: number, chunkBytes = AWS_CHUNK_BYTES): number {
  const full = Math.floor(dataLength / chunkBytes);
  const rest = dataLength - full * chunkBytes;
  const framing = (n: number) => n.toString(16).length + 4; // "<hex>\r\n" before, "\r\n" after
  return dataLength + full * framing(chunkBytes) + (rest > 0 ? framing(rest) : 0) + END_BYTES;
}

/** Request headers of an aws-chunked body: the store checks both lengths and the trailer's name. */
export function awsChunkedHeaders(dataLength: number, chunkBytes = AWS_CHUNK_BYTES): Record<string, string> {
  return {
    'content-length': String(awsChunkedLength(dataLength, chunkBytes)),
    'content-encoding': 'aws-chunked',
    'x-amz-content-sha256': STREAMING_UNSIGNED_TRAILER,
    'x-amz-decoded-content-length': String(dataLength),
    'x-amz-trailer': CRC32C_TRAILER,
    // Not needed by S3 itself; moto reports the trailer's checksum back only when it is named here.
    'x-amz-sdk-checksum-algorithm': 'CRC32C',
  };
}

/**
 * Frames `dataLength` bytes, arriving as `chunks` of any size, as aws-chunks of `chunkBytes`.
 * `trailer` is asked for the checksum's base64 only after the last chunk has been taken, so it can
 * be computed from the chunks as they pass. Data goes on as the same buffers, or zero-copy views of
 * them where a chunk straddles two aws-chunks; each piece of framing is one small buffer.
 */
export function* awsChunked(
  chunks: Iterable<Buffer>,
  dataLength: number,
  trailer: () => string,
  chunkBytes = AWS_CHUNK_BYTES,
): Generator<Buffer> {
  let unframed = dataLength; // data bytes not yet covered by a size line
  let leftInChunk = 0; // data bytes the current size line still covers
  let between = '';
  for (const chunk of chunks) {
    for (let at = 0; at < chunk.length; ) {
      if (leftInChunk === 0) {
        if (unframed === 0) throw new Error(`aws-chunked: the body has more than the ${dataLength} bytes declared`);
        leftInChunk = Math.min(chunkBytes, unframed);
        unframed -= leftInChunk;
        yield Buffer.from(`${between}${leftInChunk.toString(16)}\r\n`, 'latin1');
        between = '\r\n';
      }
      const n = Math.min(leftInChunk, chunk.length - at);
      yield n === chunk.length ? chunk : chunk.subarray(at, at + n);
      leftInChunk -= n;
      at += n;
    }
  }
  if (unframed > 0 || leftInChunk > 0) throw new Error(`aws-chunked: the body ended short of the ${dataLength} bytes declared`);
  yield Buffer.from(`${between}0\r\n${CRC32C_TRAILER}:${trailer()}\r\n\r\n`, 'latin1');
}
