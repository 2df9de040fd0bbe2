import { randomBytes } from 'node:crypto';
import { crc32c as independentCrc32c } from '@node-rs/crc32';
import { describe, expect, it } from 'vitest';
import { crc32cToBase64 } from '../../../src/checksum/crc32c-combine.js';
import { AwsChunkedDecoder } from '../../../src/emulator/requests/aws-chunked-decoder.js';
import { explainRefusal, partBody, type PartBodySpec } from '../../../src/lane/part-body.js';
import { PartpushError } from '../../../src/errors.js';
import { ChecksumTurns } from '../../../src/source/checksum-turns.js';
import { openPartReader } from '../../../src/source/part-reader.js';
import { ReadBuffers } from '../../../src/source/read-buffers.js';

const MiB = 1024 * 1024;
const data = randomBytes(3 * MiB + 77);
const shared = new SharedArrayBuffer(data.length);
Buffer.from(shared).set(data);
const source = { kind: 'shared' as const, buffer: shared, byteOffset: 0, size: data.length };
const thread = { buffers: new ReadBuffers(), turns: new ChecksumTurns() };

/** The body of bytes [offset, offset + length) with `spec`'s placement; what was sent, whole. */
async function bodyOf(offset: number, length: number, spec: Partial<PartBodySpec>) {
  let counted = 0;
  const body = await partBody(openPartReader(source, offset, length, thread), {
    dialect: 's3',
    length,
    checksum: undefined,
    onChunk: (n) => {
      counted += n;
    },
    isCancelled: () => false,
    ...spec,
  });
  const crcBeforeSending = body.crc32c();
  const wire = body.body ? Buffer.concat([...body.body]) : undefined;
  return { body, wire, counted, crcBeforeSending, expected: data.subarray(offset, offset + length) };
}

describe('a part body', () => {
  it('without a checksum: the bytes as they are, an explicit Content-Length, no CRC32C', async () => {
    const { body, wire, counted, expected } = await bodyOf(5, 2 * MiB + 3, { checksum: undefined });
    expect(body.headers).toEqual({ 'content-length': String(expected.length) });
    expect(wire!.equals(expected)).toBe(true);
    expect(counted).toBe(expected.length);
    expect(body.crc32c()).toBeUndefined();
  });

  it.each(['s3', 'gcs'] as const)(
    'with the CRC32C in a header (%s): known before the first byte, spelled as the store wants',
    async (dialect) => {
      const { body, wire, crcBeforeSending, expected } = await bodyOf(0, 3 * MiB + 77, { dialect, checksum: 'crc32c-header' });
      const crc = independentCrc32c(expected);
      expect(crcBeforeSending).toBe(crc);
      expect(body.headers).toEqual(
        dialect === 's3'
          ? { 'content-length': String(expected.length), 'x-amz-checksum-crc32c': crc32cToBase64(crc) }
          : { 'content-length': String(expected.length), 'x-goog-hash': `crc32c=${crc32cToBase64(crc)}` },
      );
      expect(wire!.equals(expected)).toBe(true);
    },
  );

  it('computed while sending to S3: an aws-chunked body whose trailer carries the CRC32C of the bytes it framed', async () => {
    const { body, wire, crcBeforeSending, expected } = await bodyOf(1, 3 * MiB, { dialect: 's3', checksum: 'crc32c' });
    expect(crcBeforeSending).toBeUndefined(); // nothing sent yet
    expect(body.headers).toMatchObject({
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': String(expected.length),
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'x-amz-trailer': 'x-amz-checksum-crc32c',
    });
    expect(Number(body.headers['content-length'])).toBe(wire!.length);
    const decoder = new AwsChunkedDecoder();
    const decoded = Buffer.concat(decoder.push(wire!));
    expect(decoded.equals(expected)).toBe(true);
    expect(decoder.trailers.get('x-amz-checksum-crc32c')).toBe(crc32cToBase64(independentCrc32c(expected)));
    expect(body.crc32c()).toBe(independentCrc32c(expected));
  });

  it('computed while sending to GCS: the plain bytes, and the CRC32C only once every byte has been handed over', async () => {
    const length = 2 * MiB + 9;
    const part = await partBody(openPartReader(source, 0, length, thread), {
      dialect: 'gcs',
      length,
      checksum: 'crc32c',
      onChunk: () => {},
      isCancelled: () => false,
    });
    expect(part.headers).toEqual({ 'content-length': String(length) });
    const chunks = part.body![Symbol.iterator]();
    chunks.next();
    expect(part.crc32c()).toBeUndefined(); // a store answering now must not be checked against a prefix
    for (let step = chunks.next(); !step.done; step = chunks.next());
    expect(part.crc32c()).toBe(independentCrc32c(data.subarray(0, length)));
  });

  it.each(['crc32c', 'crc32c-header', undefined] as const)('an empty part has no body at all (checksum %s)', async (checksum) => {
    const { body, wire } = await bodyOf(0, 0, { checksum });
    expect(body.body).toBeUndefined();
    expect(wire).toBeUndefined();
    expect(body.headers['content-length']).toBe('0');
    expect(body.crc32c()).toBe(checksum === undefined ? undefined : 0);
  });

  it('goes out in chunks of at most 1 MiB', async () => {
    const part = await partBody(openPartReader(source, 0, 3 * MiB + 77, thread), {
      dialect: 's3',
      length: 3 * MiB + 77,
      checksum: undefined,
      onChunk: () => {},
      isCancelled: () => false,
    });
    expect([...part.body!].map((c) => c.length)).toEqual([MiB, MiB, MiB, 77]);
  });

  it('stops with PARTPUSH_ABORTED at the next chunk once the upload is cancelled', async () => {
    let cancelled = false;
    const part = await partBody(openPartReader(source, 0, 3 * MiB, thread), {
      dialect: 's3',
      length: 3 * MiB,
      checksum: undefined,
      onChunk: () => {},
      isCancelled: () => cancelled,
    });
    const chunks = part.body![Symbol.iterator]();
    chunks.next();
    cancelled = true;
    expect(() => chunks.next()).toThrow(expect.objectContaining({ code: 'PARTPUSH_ABORTED' }));
  });

  it("a store's BadDigest for a header's CRC32C: the part read again tells a source written meanwhile from a fault of the store's", async () => {
    const own = new SharedArrayBuffer(3 * MiB);
    const bytes = Buffer.from(own);
    bytes.set(data.subarray(0, 3 * MiB));
    const reader = openPartReader({ kind: 'shared', buffer: own, byteOffset: 0, size: 3 * MiB }, 0, 3 * MiB, thread);
    const part = await partBody(reader, {
      dialect: 's3',
      length: 3 * MiB,
      checksum: 'crc32c-header',
      onChunk: () => {},
      isCancelled: () => false,
    });
    const badDigest = new PartpushError('PARTPUSH_SERVICE_ERROR', 'part 1: BadDigest', { serviceCode: 'BadDigest', status: 400 });
    const header = { checksum: 'crc32c-header' as const };
    // The bytes still have the header's CRC32C: the store's answer stands.
    expect(await explainRefusal(badDigest, reader, header, part)).toBe(badDigest);
    bytes[MiB + 5] = bytes[MiB + 5]! ^ 0xff; // written after the header's CRC32C was read
    expect(await explainRefusal(badDigest, reader, header, part)).toMatchObject({
      code: 'PARTPUSH_SOURCE_CHANGED',
      message: expect.stringContaining('sent in the header'),
    });
    // Another refusal, or a CRC32C that travelled otherwise, is not read again.
    const denied = new PartpushError('PARTPUSH_SERVICE_ERROR', 'part 1: AccessDenied', { serviceCode: 'AccessDenied', status: 403 });
    expect(await explainRefusal(denied, reader, header, part)).toBe(denied);
    expect(await explainRefusal(badDigest, reader, { checksum: 'crc32c' }, part)).toBe(badDigest);
  });

  it.each([
    ['s3', 'crc32c'],
    ['gcs', 'crc32c'],
    ['s3', undefined],
  ] as const)(
    'a whole object without the CRC32C the caller gave (%s, checksum %s): the last chunk is held back',
    async (dialect, checksum) => {
      const length = 2 * MiB + 1;
      const right = independentCrc32c(data.subarray(0, length));
      const spec = { dialect, length, checksum, whole: true, onChunk: () => {}, isCancelled: () => false };
      const rightBody = await partBody(openPartReader(source, 0, length, thread), { ...spec, expected: right });
      const whole = [...rightBody.body!].reduce((n, chunk) => n + chunk.length, 0);
      const wrong = await partBody(openPartReader(source, 0, length, thread), { ...spec, expected: right ^ 1 });
      let handed = 0;
      expect(() => {
        for (const chunk of wrong.body!) handed += chunk.length;
      }).toThrow(expect.objectContaining({ code: 'PARTPUSH_SOURCE_CHANGED', message: expect.stringContaining('(expectCrc32c)') }));
      // Short of the whole body (an aws-chunked one never reaches its last chunk and trailer).
      expect(handed).toBeLessThan(whole);
      expect(rightBody.crc32c()).toBe(right);
    },
  );

  it('a whole object with its CRC32C in a header: refused before any byte when it is not the one the caller gave', async () => {
    const length = MiB;
    const right = independentCrc32c(data.subarray(0, length));
    const spec = { dialect: 's3', length, checksum: 'crc32c-header', whole: true, onChunk: () => {}, isCancelled: () => false } as const;
    await expect(partBody(openPartReader(source, 0, length, thread), { ...spec, expected: right ^ 1 })).rejects.toMatchObject({
      code: 'PARTPUSH_SOURCE_CHANGED',
    });
    // A part of a multipart upload is not the whole: the caller's CRC32C is checked before the Complete.
    const part = await partBody(openPartReader(source, 0, length, thread), { ...spec, whole: false, expected: right ^ 1 });
    expect(Buffer.concat([...part.body!]).equals(data.subarray(0, length))).toBe(true);
  });
});
