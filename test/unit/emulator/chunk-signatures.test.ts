import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ChunkSignatures } from '../../../src/emulator/requests/auth/chunk-signatures.js';
import { AwsChunkedDecoder } from '../../../src/emulator/requests/aws-chunked-decoder.js';

/**
 * AWS's worked example of a STREAMING-AWS4-HMAC-SHA256-PAYLOAD upload (S3 API reference, "Signature
 * calculations for the Authorization header: transferring payload in multiple chunks"): 66,560
 * bytes of 'a' in chunks of 65,536 and 1,024 and the final empty one, with the example keys, dated
 * 20130524T000000Z. Its seed signature and chunk signatures are AWS's numbers, not this code's.
 */
const SEED = '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9';
const CHUNK_1 = 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648';
const CHUNK_2 = '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497';
const FINAL = 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9';

const signed = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  region: 'us-east-1',
  service: 's3',
  signedHeaders: [],
  signature: SEED,
  signingDate: new Date('2013-05-24T00:00:00Z'),
};
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

function body(signatures: string[], sizes = [65536, 1024, 0], fill = 'a'): Buffer {
  return Buffer.concat(
    sizes.map((size, i) => Buffer.from(`${size.toString(16)};chunk-signature=${signatures[i]}\r\n${fill.repeat(size)}\r\n`)),
  );
}

function decode(raw: Buffer, splitAt: number[] = []): Buffer {
  const decoder = new AwsChunkedDecoder(new ChunkSignatures(signed, SECRET, false));
  const out: Buffer[] = [];
  let at = 0;
  for (const end of [...splitAt, raw.length]) {
    out.push(...decoder.push(raw.subarray(at, end)));
    at = end;
  }
  decoder.finish();
  return Buffer.concat(out);
}

describe("chunk signatures, against AWS's published example", () => {
  it('accepts the example body, whole or split anywhere', () => {
    const raw = body([CHUNK_1, CHUNK_2, FINAL]);
    expect(raw.length).toBe(66824); // the example's Content-Length
    expect(decode(raw).equals(Buffer.alloc(66560, 'a'))).toBe(true);
    expect(decode(raw, [1, 85, 40000, 65620, 66700]).length).toBe(66560);
  });

  it.each([
    ['a byte of the first chunk changed', () => body([CHUNK_1, CHUNK_2, FINAL]), true],
    ['a chunk signature changed', () => body([CHUNK_1, CHUNK_2.replace('0055', '0056'), FINAL]), false],
    ['the chunks in another order', () => body([CHUNK_2, CHUNK_1, FINAL], [1024, 65536, 0]), false],
    ['the final chunk signed with the seed instead', () => body([CHUNK_1, CHUNK_2, SEED]), false],
  ])('refuses the body with %s (SignatureDoesNotMatch)', (_, make, tamper) => {
    const raw = make();
    if (tamper) raw[100]! ^= 0x01; // inside the first chunk's data
    expect(() => decode(raw)).toThrow(expect.objectContaining({ status: 403, code: 'SignatureDoesNotMatch' }));
  });

  it('refuses a chunk without a chunk-signature', () => {
    const raw = Buffer.from(`400\r\n${'a'.repeat(1024)}\r\n0;chunk-signature=${FINAL}\r\n\r\n`);
    expect(() => decode(raw)).toThrow(expect.objectContaining({ status: 403, code: 'SignatureDoesNotMatch' }));
  });

  it('checks the signed trailer: the right one passes, a swapped checksum does not', () => {
    // The trailer is signed over the final chunk's signature and "name:value\n" per trailer line;
    // its expected value is computed here by the formula in AWS's documentation, independently.
    const key = ['20130524', 'us-east-1', 's3', 'aws4_request'].reduce<Buffer>(
      (k, part) => createHmac('sha256', k).update(part).digest(),
      Buffer.from(`AWS4${SECRET}`),
    );
    const trailerSignature = (lines: string) =>
      createHmac('sha256', key)
        .update(
          `AWS4-HMAC-SHA256-TRAILER\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n${FINAL}\n${createHash('sha256').update(lines).digest('hex')}`,
        )
        .digest('hex');
    const framed = (line: string, signature: string) =>
      Buffer.concat([
        body([CHUNK_1, CHUNK_2, FINAL]).subarray(0, -2),
        Buffer.from(`${line}\r\nx-amz-trailer-signature:${signature}\r\n\r\n`),
      ]);
    const line = 'x-amz-checksum-crc32c:sOO8/Q==';
    const run = (raw: Buffer) => {
      const decoder = new AwsChunkedDecoder(new ChunkSignatures(signed, SECRET, true));
      decoder.push(raw);
      decoder.finish();
      return decoder.trailers;
    };
    expect(run(framed(line, trailerSignature(`${line}\n`))).get('x-amz-checksum-crc32c')).toBe('sOO8/Q==');
    expect(() => run(framed('x-amz-checksum-crc32c:AAAAAA==', trailerSignature(`${line}\n`)))).toThrow(
      expect.objectContaining({ code: 'SignatureDoesNotMatch' }),
    );
    expect(() => run(Buffer.concat([body([CHUNK_1, CHUNK_2, FINAL]).subarray(0, -2), Buffer.from(`${line}\r\n\r\n`)]))).toThrow(
      expect.objectContaining({ code: 'SignatureDoesNotMatch' }),
    );
  });
});
