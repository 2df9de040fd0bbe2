import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { getAwsChunkedEncodingStream } from '@smithy/core/serde';
import { describe, expect, it } from 'vitest';
import { awsChunked, awsChunkedLength } from '../../../src/checksum/aws-chunked.js';
import { AwsChunkedDecoder } from '../../../src/emulator/requests/aws-chunked-decoder.js';

const KiB = 1024;
const CHECKSUM = 'yZRlqg==';

/** The data split the way part readers split it: `chunkSize` pieces, the last one shorter. */
function chunksOf(data: Buffer, chunkSize: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < data.length; at += chunkSize) chunks.push(data.subarray(at, at + chunkSize));
  return chunks;
}

/** What the AWS SDK's own encoder (the one its flexible checksums send with) makes of the same chunks. */
async function sdkEncoding(chunks: Buffer[]): Promise<Buffer> {
  const encoded = getAwsChunkedEncodingStream(Readable.from(chunks, { objectMode: true }), {
    base64Encoder: () => CHECKSUM,
    bodyLengthChecker: (chunk: Buffer) => chunk.length,
    checksumAlgorithmFn: class {
      update() {}
      async digest() {
        return new Uint8Array(4);
      }
    },
    checksumLocationName: 'x-amz-checksum-crc32c',
    streamHasher: async () => new Uint8Array(4),
  });
  const out: Buffer[] = [];
  for await (const piece of encoded) out.push(Buffer.from(piece));
  return Buffer.concat(out);
}

// [data bytes, send chunk (how part readers hand the bytes over), aws-chunk]
const shapes = [
  [1, 64 * KiB, 256 * KiB],
  [1000, 64 * KiB, 256 * KiB],
  [256 * KiB, 64 * KiB, 256 * KiB],
  [256 * KiB + 1, 64 * KiB, 256 * KiB],
  [3 * 256 * KiB + 17, 64 * KiB, 256 * KiB],
  [3 * 256 * KiB + 17, 100 * KiB, 256 * KiB],
  [1000 * KiB, 300 * KiB, 64 * KiB],
  [32 * 1024 * KiB + 12_345, 1024 * KiB, 8 * 1024 * KiB],
] as const;

describe('aws-chunked framing', () => {
  it.each(shapes)(
    '%i bytes handed over in %i-byte chunks, framed in %i-byte aws-chunks: byte for byte what the AWS SDK sends, and the declared length',
    async (size, sendChunk, awsChunk) => {
      const data = randomBytes(size);
      let askedAfterLast = false;
      const ours = Buffer.concat([
        ...awsChunked(
          chunksOf(data, sendChunk),
          size,
          () => {
            askedAfterLast = true;
            return CHECKSUM;
          },
          awsChunk,
        ),
      ]);
      // The SDK frames each chunk it is given: give it the aws-chunks.
      expect(ours.equals(await sdkEncoding(chunksOf(data, awsChunk)))).toBe(true);
      expect(ours.length).toBe(awsChunkedLength(size, awsChunk));
      expect(askedAfterLast).toBe(true);
    },
  );

  it('data goes on as the same buffers, or views of them where a chunk straddles two aws-chunks: no copies', () => {
    const chunks = chunksOf(randomBytes(3 * 100 * KiB), 100 * KiB);
    const out = [...awsChunked(chunks, 300 * KiB, () => CHECKSUM, 128 * KiB)];
    const isData = (piece: Buffer) =>
      chunks.some((c) => c.buffer === piece.buffer && piece.byteOffset >= c.byteOffset && piece.byteOffset < c.byteOffset + c.length);
    expect(out.map((piece) => (isData(piece) ? piece.length : piece.toString('latin1')))).toEqual([
      '20000\r\n',
      100 * KiB,
      28 * KiB,
      '\r\n20000\r\n',
      72 * KiB,
      56 * KiB,
      '\r\nb000\r\n',
      44 * KiB,
      `\r\n0\r\nx-amz-checksum-crc32c:${CHECKSUM}\r\n\r\n`,
    ]);
  });

  it('a body longer or shorter than declared fails instead of sending a wrong Content-Length', () => {
    expect(() => [...awsChunked(chunksOf(randomBytes(10), 4), 9, () => CHECKSUM)]).toThrow(/more than the 9 bytes declared/);
    expect(() => [...awsChunked(chunksOf(randomBytes(8), 4), 9, () => CHECKSUM)]).toThrow(/ended short of the 9 bytes declared/);
  });
});

describe("the emulator's aws-chunked decoder", () => {
  it.each([1, 2, 7, 4096, 100_003])('decodes a body fed in %i-byte pieces: the data and the trailer', (piece) => {
    const data = randomBytes(3 * 64 * KiB + 17);
    const encoded = Buffer.concat([...awsChunked(chunksOf(data, 64 * KiB), data.length, () => CHECKSUM, 64 * KiB)]);
    const decoder = new AwsChunkedDecoder();
    const decoded: Buffer[] = [];
    for (let at = 0; at < encoded.length; at += piece) decoded.push(...decoder.push(encoded.subarray(at, at + piece)));
    decoder.finish();
    expect(Buffer.concat(decoded).equals(data)).toBe(true);
    expect(decoder.trailers.get('x-amz-checksum-crc32c')).toBe(CHECKSUM);
  });

  it.each([
    ['a size line that is not hex', '1g\r\nx\r\n0\r\n\r\n', 'InvalidRequest'],
    ['more data than the size line says', '1\r\nxy\r\n0\r\n\r\n', 'InvalidRequest'],
    ['a bare LF after a size line', '1\nx\r\n0\r\n\r\n', 'InvalidRequest'],
    ['a trailer line without a colon', '1\r\nx\r\n0\r\nx-amz-checksum-crc32c\r\n\r\n', 'MalformedTrailerError'],
    ['bytes after the end', '1\r\nx\r\n0\r\n\r\nmore', 'InvalidRequest'],
  ])('refuses %s (%s)', (_, body, code) => {
    const decoder = new AwsChunkedDecoder();
    expect(() => {
      decoder.push(Buffer.from(body, 'latin1'));
      decoder.finish();
    }).toThrow(expect.objectContaining({ status: 400, code }));
  });

  it('refuses a body that ends before its zero-size chunk and trailers (IncompleteBody)', () => {
    const decoder = new AwsChunkedDecoder();
    decoder.push(Buffer.from('4\r\nabcd\r\n', 'latin1'));
    expect(() => decoder.finish()).toThrow(expect.objectContaining({ status: 400, code: 'IncompleteBody' }));
  });
});
