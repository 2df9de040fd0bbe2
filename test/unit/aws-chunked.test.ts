import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { getAwsChunkedEncodingStream } from '@smithy/core/serde';
import { describe, expect, it } from 'vitest';
import { awsChunked, awsChunkedLength } from '../../dist/src/core/aws-chunked.js';
import { AwsChunkedDecoder } from '../../dist/src/emulator/aws-chunked-decoder.js';

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
    checksumAlgorithmFn: class { update() {} async digest() { return new Uint8Array(4); } } as never,
    checksumLocationName: 'x-amz-checksum-crc32c',
    streamHasher: async () => new Uint8Array(4),
  });
  const out: Buffer[] = [];
  for await (const piece of encoded) out.push(Buffer.from(piece));
  return Buffer.concat(out);
}

const shapes = [
  [1, 64 * KiB], [1000, 64 * KiB], [64 * KiB, 64 * KiB], [64 * KiB + 1, 64 * KiB], [3 * 64 * KiB + 17, 64 * KiB],
  [5 * 1024 * KiB, 1024 * KiB], [5 * 1024 * KiB + 12_345, 1024 * KiB],
] as const;

describe('aws-chunked framing', () => {
  it.each(shapes)('%i bytes in %i-byte chunks: byte for byte what the AWS SDK sends, and the length it declares', async (size, chunkSize) => {
    const data = randomBytes(size);
    let askedAfterLast = false;
    const ours = Buffer.concat([...awsChunked(chunksOf(data, chunkSize), () => { askedAfterLast = true; return CHECKSUM; })]);
    expect(ours.equals(await sdkEncoding(chunksOf(data, chunkSize)))).toBe(true);
    expect(ours.length).toBe(awsChunkedLength(size, chunkSize));
    expect(askedAfterLast).toBe(true);
  });

  it('data chunks go out as the same buffers (no copies), framing between them', () => {
    const chunks = chunksOf(randomBytes(3 * 64 * KiB), 64 * KiB);
    const out = [...awsChunked(chunks, () => CHECKSUM)];
    expect(out.filter((piece) => chunks.includes(piece))).toHaveLength(3);
    expect(out.map((piece) => (chunks.includes(piece) ? 'data' : piece.toString('latin1')))).toEqual([
      '10000\r\n', 'data', '\r\n10000\r\n', 'data', '\r\n10000\r\n', 'data', `\r\n0\r\nx-amz-checksum-crc32c:${CHECKSUM}\r\n\r\n`,
    ]);
  });
});

describe('the emulator\'s aws-chunked decoder', () => {
  it.each([1, 2, 7, 4096, 100_003])('decodes a body fed in %i-byte pieces: the data and the trailer', (piece) => {
    const data = randomBytes(3 * 64 * KiB + 17);
    const encoded = Buffer.concat([...awsChunked(chunksOf(data, 64 * KiB), () => CHECKSUM)]);
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
    expect(() => { decoder.push(Buffer.from(body, 'latin1')); decoder.finish(); }).toThrow(expect.objectContaining({ status: 400, code }));
  });

  it('refuses a body that ends before its zero-size chunk and trailers (IncompleteBody)', () => {
    const decoder = new AwsChunkedDecoder();
    decoder.push(Buffer.from('4\r\nabcd\r\n', 'latin1'));
    expect(() => decoder.finish()).toThrow(expect.objectContaining({ status: 400, code: 'IncompleteBody' }));
  });
});
