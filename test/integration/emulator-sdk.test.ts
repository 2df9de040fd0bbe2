/**
 * The emulator through the AWS SDK for JavaScript v3 (a client partpush's authors did not write),
 * signed with keys the emulator checks: ListBuckets, every checksum algorithm on PutObject and on
 * multipart uploads (COMPOSITE and FULL_OBJECT), BadDigest, GetObjectAttributes, ListObjectsV2 and
 * v1 paging, DeleteObjects, ListMultipartUploads and ListParts paging; and SigV4 as S3 checks it
 * (payload hash, date skew, presigned expiry).
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  paginateListObjectsV2,
  type ChecksumAlgorithm,
} from '@aws-sdk/client-s3';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../dist/src/emulator/index.js';
import { createHasher } from '../../dist/src/emulator/checksums/create-hasher.js';
import { rawRequest } from '../helpers/raw-request.js';

const KEYS = { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator-secret' };
type Algorithm = Extract<ChecksumAlgorithm, 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256'>;
const ALGORITHMS: Algorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];
let emu: Emulator;
let s3: S3Client;

beforeAll(async () => {
  emu = await startEmulator({ buckets: ['bkt', 'other'], minPartSize: 1024, keys: { [KEYS.accessKeyId]: KEYS.secretAccessKey } });
  s3 = new S3Client({ endpoint: emu.url, forcePathStyle: true, region: 'us-east-1', credentials: KEYS });
});
afterAll(async () => {
  s3.destroy();
  await emu.close();
});

async function digest(algorithm: Algorithm, ...pieces: Buffer[]): Promise<string> {
  const hasher = await createHasher(algorithm);
  for (const piece of pieces) hasher.update(piece);
  return (await hasher.digest()).toString('base64');
}

async function getBytes(key: string): Promise<Buffer> {
  const answer = await s3.send(new GetObjectCommand({ Bucket: 'bkt', Key: key }));
  return Buffer.from(await answer.Body!.transformToByteArray());
}

describe('checksums', () => {
  it.each(ALGORITHMS)('PutObject with %s succeeds, is echoed, and is returned with checksum mode', async (algorithm) => {
    const body = randomBytes(70_000);
    const expected = await digest(algorithm, body);
    const put = await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: `sum/${algorithm}`, Body: body, ChecksumAlgorithm: algorithm }));
    expect(put[`Checksum${algorithm}`]).toBe(expected);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'bkt', Key: `sum/${algorithm}`, ChecksumMode: 'ENABLED' }));
    expect(got[`Checksum${algorithm}`]).toBe(expected);
    expect(got.ChecksumType).toBe('FULL_OBJECT');
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(body)).toBe(true);
  });

  it.each(ALGORITHMS)('a wrong %s is refused with BadDigest and nothing is stored', async (algorithm) => {
    const body = randomBytes(5000);
    const wrong = await digest(algorithm, Buffer.from('something else'));
    const put = s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: `bad/${algorithm}`, Body: body, [`Checksum${algorithm}`]: wrong }));
    await expect(put).rejects.toMatchObject({ name: 'BadDigest', $metadata: { httpStatusCode: 400 } });
    expect((await rawRequest(emu.url, 'HEAD', `/bkt/bad/${algorithm}`)).status).toBe(404);
  });

  it.each([
    ['CRC32', 'COMPOSITE'],
    ['CRC32', 'FULL_OBJECT'],
    ['CRC32C', 'FULL_OBJECT'],
    ['CRC64NVME', 'FULL_OBJECT'],
    ['SHA256', 'COMPOSITE'],
  ] as const)('multipart with %s %s: parts checked at Complete, the object checksum as S3 computes it', async (algorithm, type) => {
    const key = `mp/${algorithm}-${type}`;
    const parts = [randomBytes(3000), randomBytes(4000), randomBytes(100)];
    const created = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'bkt', Key: key, ChecksumAlgorithm: algorithm, ChecksumType: type }),
    );
    const uploaded = [];
    for (const [i, part] of parts.entries()) {
      const answer = await s3.send(
        new UploadPartCommand({
          Bucket: 'bkt',
          Key: key,
          UploadId: created.UploadId,
          PartNumber: i + 1,
          Body: part,
          ChecksumAlgorithm: algorithm,
        }),
      );
      uploaded.push({ PartNumber: i + 1, ETag: answer.ETag, [`Checksum${algorithm}`]: answer[`Checksum${algorithm}`] });
    }
    const done = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: 'bkt', Key: key, UploadId: created.UploadId, MultipartUpload: { Parts: uploaded } }),
    );
    const partDigests = await Promise.all(parts.map((p) => digest(algorithm, p)));
    const expected =
      type === 'FULL_OBJECT'
        ? await digest(algorithm, ...parts)
        : `${await digest(algorithm, ...partDigests.map((d) => Buffer.from(d, 'base64')))}-${parts.length}`;
    expect(done[`Checksum${algorithm}`]).toBe(expected);
    expect(done.ChecksumType).toBe(type);
    const attributes = await s3.send(
      new GetObjectAttributesCommand({ Bucket: 'bkt', Key: key, ObjectAttributes: ['ETag', 'Checksum', 'ObjectParts', 'ObjectSize'] }),
    );
    expect(attributes.Checksum?.[`Checksum${algorithm}`]).toBe(expected);
    expect(attributes.ObjectSize).toBe(7100);
    expect(attributes.ObjectParts?.TotalPartsCount).toBe(3);
    expect(attributes.ObjectParts?.Parts?.map((p) => [p.PartNumber, p.Size, p[`Checksum${algorithm}`]])).toEqual(
      parts.map((p, i) => [i + 1, p.length, partDigests[i]]),
    );
    expect((await getBytes(key)).equals(Buffer.concat(parts))).toBe(true);
  });

  it("a Complete whose part checksum is not the part's is refused (InvalidPart); CRC64NVME COMPOSITE is refused at create", async () => {
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'bkt', Key: 'mp/wrong', ChecksumAlgorithm: 'CRC32' }));
    const part = await s3.send(
      new UploadPartCommand({
        Bucket: 'bkt',
        Key: 'mp/wrong',
        UploadId: created.UploadId,
        PartNumber: 1,
        Body: 'x',
        ChecksumAlgorithm: 'CRC32',
      }),
    );
    const complete = s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'bkt',
        Key: 'mp/wrong',
        UploadId: created.UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag, ChecksumCRC32: 'AAAAAA==' }] },
      }),
    );
    await expect(complete).rejects.toMatchObject({ name: 'InvalidPart' });
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'bkt', Key: 'mp/wrong', UploadId: created.UploadId }));
    const create = s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'bkt', Key: 'x', ChecksumAlgorithm: 'CRC64NVME', ChecksumType: 'COMPOSITE' }),
    );
    await expect(create).rejects.toMatchObject({ name: 'InvalidRequest' });
  });
});

describe('lists and deletes', () => {
  const keys = Array.from({ length: 1100 }, (_, i) => `many/${String(i).padStart(4, '0')}`);
  beforeAll(async () => {
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((Key) => s3.send(new PutObjectCommand({ Bucket: 'other', Key, Body: Key }))));
    }
    for (const Key of ['tree/a/1', 'tree/a/2', 'tree/b/1', 'tree/c', 'tree/d/e/f', 'tree/spaced key&<>', 'tree/ünï'])
      await s3.send(new PutObjectCommand({ Bucket: 'other', Key, Body: Key }));
  });

  it('ListBuckets names every bucket', async () => {
    const answer = await s3.send(new ListBucketsCommand({}));
    expect(answer.Buckets?.map((b) => b.Name)).toEqual(['bkt', 'other']);
    expect(answer.Buckets?.every((b) => b.CreationDate instanceof Date)).toBe(true);
  });

  it('ListObjectsV2 pages 1,100 keys completely at 1,000 a page, and at 250 with continuation tokens', async () => {
    const first = await s3.send(new ListObjectsV2Command({ Bucket: 'other', Prefix: 'many/' }));
    expect([first.KeyCount, first.IsTruncated, first.Contents?.at(-1)?.Key]).toEqual([1000, true, 'many/0999']);
    for (const MaxKeys of [1000, 250]) {
      const listed: string[] = [];
      let pages = 0;
      for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: 'other', Prefix: 'many/', MaxKeys })) {
        listed.push(...(page.Contents ?? []).map((c) => c.Key!));
        pages++;
      }
      expect(listed).toEqual(keys);
      expect(pages).toBe(Math.ceil(keys.length / MaxKeys));
    }
    const after = await s3.send(new ListObjectsV2Command({ Bucket: 'other', Prefix: 'many/', StartAfter: 'many/1097' }));
    expect(after.Contents?.map((c) => c.Key)).toEqual(['many/1098', 'many/1099']);
    const none = await s3.send(new ListObjectsV2Command({ Bucket: 'other', MaxKeys: 0 }));
    // As AWS answers it: nothing asked, nothing left to follow (no token either).
    expect([none.KeyCount, none.Contents, none.IsTruncated, none.NextContinuationToken]).toEqual([0, undefined, false, undefined]);
  });

  it('delimiter rolls keys up into CommonPrefixes that count toward max-keys and page across tokens', async () => {
    const all = await s3.send(new ListObjectsV2Command({ Bucket: 'other', Prefix: 'tree/', Delimiter: '/' }));
    expect(all.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['tree/a/', 'tree/b/', 'tree/d/']);
    expect(all.Contents?.map((c) => c.Key)).toEqual(['tree/c', 'tree/spaced key&<>', 'tree/ünï']);
    const seen: string[] = [];
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: 'other', Prefix: 'tree/', Delimiter: '/', MaxKeys: 2 })) {
      seen.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix!), ...(page.Contents ?? []).map((c) => c.Key!));
    }
    expect(seen.sort()).toEqual(['tree/a/', 'tree/b/', 'tree/c', 'tree/d/', 'tree/spaced key&<>', 'tree/ünï'].sort());
    const encoded = await rawRequest(emu.url, 'GET', '/other?list-type=2&prefix=tree/s&encoding-type=url');
    expect(encoded.body.toString()).toContain('<Key>tree/spaced%20key%26%3C%3E</Key>');
    expect(encoded.body.toString()).toContain('<EncodingType>url</EncodingType>');
  });

  it('ListObjects v1 pages with markers', async () => {
    const listed: string[] = [];
    let Marker: string | undefined;
    for (;;) {
      const page = await s3.send(new ListObjectsCommand({ Bucket: 'other', Prefix: 'many/', Marker, MaxKeys: 400 }));
      listed.push(...(page.Contents ?? []).map((c) => c.Key!));
      if (!page.IsTruncated) break;
      Marker = page.NextMarker ?? page.Contents!.at(-1)!.Key;
    }
    expect(listed).toEqual(keys);
  });

  it('DeleteObjects deletes each key, reports each (or, quiet, none), and a missing key is deleted too', async () => {
    const loud = await s3.send(
      new DeleteObjectsCommand({ Bucket: 'other', Delete: { Objects: [{ Key: 'many/0000' }, { Key: 'never-there' }] } }),
    );
    expect(loud.Deleted?.map((d) => d.Key).sort()).toEqual(['many/0000', 'never-there']);
    const quiet = await s3.send(
      new DeleteObjectsCommand({ Bucket: 'other', Delete: { Quiet: true, Objects: keys.slice(1, 600).map((Key) => ({ Key })) } }),
    );
    expect([quiet.Deleted, quiet.Errors]).toEqual([undefined, undefined]);
    const left = await s3.send(new ListObjectsV2Command({ Bucket: 'other', Prefix: 'many/' }));
    expect(left.Contents?.map((c) => c.Key)).toEqual(keys.slice(600));
  });

  it('ListMultipartUploads and ListParts page', async () => {
    const ids: string[] = [];
    for (const key of ['u/a', 'u/a', 'u/b', 'u/c', 'u/d'])
      ids.push((await s3.send(new CreateMultipartUploadCommand({ Bucket: 'bkt', Key: key }))).UploadId!);
    const seen: string[] = [];
    let KeyMarker: string | undefined;
    let UploadIdMarker: string | undefined;
    for (let pages = 1; ; pages++) {
      const page = await s3.send(
        new ListMultipartUploadsCommand({ Bucket: 'bkt', Prefix: 'u/', MaxUploads: 2, KeyMarker, UploadIdMarker }),
      );
      seen.push(...(page.Uploads ?? []).map((u) => u.UploadId!));
      if (!page.IsTruncated) break;
      [KeyMarker, UploadIdMarker] = [page.NextKeyMarker, page.NextUploadIdMarker];
      expect(pages).toBeLessThan(5);
    }
    expect(seen.sort()).toEqual([...ids].sort());
    for (let n = 1; n <= 5; n++)
      await s3.send(new UploadPartCommand({ Bucket: 'bkt', Key: 'u/d', UploadId: ids[4], PartNumber: n, Body: `part ${n}` }));
    const first = await s3.send(new ListPartsCommand({ Bucket: 'bkt', Key: 'u/d', UploadId: ids[4], MaxParts: 3 }));
    const rest = await s3.send(
      new ListPartsCommand({ Bucket: 'bkt', Key: 'u/d', UploadId: ids[4], PartNumberMarker: first.NextPartNumberMarker }),
    );
    expect([first.IsTruncated, [...first.Parts!, ...rest.Parts!].map((p) => p.PartNumber)]).toEqual([true, [1, 2, 3, 4, 5]]);
    for (const [i, key] of ['u/a', 'u/a', 'u/b', 'u/c', 'u/d'].entries())
      await s3.send(new AbortMultipartUploadCommand({ Bucket: 'bkt', Key: key, UploadId: ids[i] }));
  });
});

describe('signed requests checked as S3 checks them', () => {
  const signer = new SignatureV4({ credentials: KEYS, region: 'us-east-1', service: 's3', sha256: Hash.bind(null, 'sha256') });
  const host = () => new URL(emu.url).host;

  async function signedPut(path: string, body: Buffer, signingDate = new Date()) {
    const request = {
      method: 'PUT',
      protocol: 'http:',
      hostname: new URL(emu.url).hostname,
      port: Number(new URL(emu.url).port),
      path,
      headers: {
        host: host(),
        'content-length': String(body.length),
        'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
      },
      body,
    };
    const signed = await signer.sign(request, { signingDate });
    return signed.headers as Record<string, string>;
  }

  it('a query parameter repeated in front of a signed one is signed too: a tampered abort or part number is refused', async () => {
    const [a, b] = [
      (await s3.send(new CreateMultipartUploadCommand({ Bucket: 'bkt', Key: 'dup' }))).UploadId!,
      (await s3.send(new CreateMultipartUploadCommand({ Bucket: 'bkt', Key: 'dup' }))).UploadId!,
    ];
    const signedFor = async (method: string, query: Record<string, string>, body = Buffer.alloc(0)) =>
      (
        await signer.sign({
          method,
          protocol: 'http:',
          hostname: new URL(emu.url).hostname,
          path: '/bkt/dup',
          query,
          headers: {
            host: host(),
            'content-length': String(body.length),
            'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
          },
          body,
        })
      ).headers as Record<string, string>;
    // Signed to abort upload a, sent with b's id first (the one a handler reads).
    const abort = await rawRequest(emu.url, 'DELETE', `/bkt/dup?uploadId=${encodeURIComponent(b)}&uploadId=${encodeURIComponent(a)}`, {
      headers: await signedFor('DELETE', { uploadId: a }),
    });
    expect([abort.status, abort.body.toString()]).toEqual([403, expect.stringContaining('<Code>SignatureDoesNotMatch</Code>')]);
    const body = Buffer.from('part bytes');
    const part = await rawRequest(emu.url, 'PUT', `/bkt/dup?partNumber=9&partNumber=1&uploadId=${encodeURIComponent(a)}`, {
      headers: await signedFor('PUT', { partNumber: '1', uploadId: a }, body),
      body,
    });
    expect(part.status).toBe(403);
    for (const id of [a, b]) {
      const listed = await s3.send(new ListPartsCommand({ Bucket: 'bkt', Key: 'dup', UploadId: id }));
      expect(listed.Parts ?? []).toEqual([]);
      await s3.send(new AbortMultipartUploadCommand({ Bucket: 'bkt', Key: 'dup', UploadId: id }));
    }
  });

  it('a signed PUT replayed with another body of the same length is refused (XAmzContentSHA256Mismatch), nothing stored', async () => {
    const body = Buffer.from('the body that was signed');
    const headers = await signedPut('/bkt/replayed', body);
    const replay = await rawRequest(emu.url, 'PUT', '/bkt/replayed', { headers, body: Buffer.from('the body that was Signed') });
    expect(replay.status).toBe(400);
    expect(replay.body.toString()).toContain('<Code>XAmzContentSHA256Mismatch</Code>');
    expect((await rawRequest(emu.url, 'HEAD', '/bkt/replayed')).status).toBe(404);
    expect((await rawRequest(emu.url, 'PUT', '/bkt/replayed', { headers, body })).status).toBe(200);
  });

  /**
   * A PUT sent as a signed stream: the header signature (the seed) from the SDK's signer, and each
   * chunk's from the same signer (an event signed over an empty header block is S3's chunk string
   * to sign), the trailer's as a string it signs. `alter` changes the framed body after signing.
   */
  async function streamingPut(
    path: string,
    data: Buffer,
    options: { trailer?: boolean; alter?: (body: Buffer) => Buffer; chunk?: number } = {},
  ) {
    const signingDate = new Date();
    const size = options.chunk ?? 16 * 1024;
    const chunks = [
      ...Array.from({ length: Math.ceil(data.length / size) }, (_, i) => data.subarray(i * size, (i + 1) * size)),
      Buffer.alloc(0),
    ];
    const trailerLine = options.trailer ? `x-amz-checksum-crc32:${await digest('CRC32', data)}` : undefined;
    // Each chunk "<hex>;chunk-signature=<sig>\r\n<data>\r\n", the final one's data empty; with a
    // trailer, the final size line is followed by the trailer lines instead, then an empty line.
    const frame = (signatures: string[], trailerSignature: string) =>
      Buffer.concat(
        chunks.map((c, i) => {
          const last = i === chunks.length - 1;
          const end = last && trailerLine ? `${trailerLine}\r\nx-amz-trailer-signature:${trailerSignature}\r\n\r\n` : '\r\n';
          return Buffer.concat([Buffer.from(`${c.length.toString(16)};chunk-signature=${signatures[i]}\r\n`), c, Buffer.from(end)]);
        }),
      );
    const placeholder = '0'.repeat(64);
    const length = frame(
      chunks.map(() => placeholder),
      placeholder,
    ).length;
    const headers: Record<string, string> = {
      host: host(),
      'content-encoding': 'aws-chunked',
      'content-length': String(length),
      'x-amz-decoded-content-length': String(data.length),
      'x-amz-content-sha256': options.trailer ? 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER' : 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      ...(options.trailer ? { 'x-amz-trailer': 'x-amz-checksum-crc32' } : {}),
    };
    const url = new URL(emu.url);
    const request = { method: 'PUT', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path, headers };
    const signedHeaders = (await signer.sign(request, { signingDate })).headers as Record<string, string>;
    let prior = /Signature=([0-9a-f]{64})/.exec(signedHeaders.authorization!)![1]!;
    const signatures: string[] = [];
    for (const chunk of chunks) {
      prior = await signer.sign({ headers: new Uint8Array(0), payload: chunk }, { signingDate, priorSignature: prior });
      signatures.push(prior);
    }
    let trailerSignature = placeholder;
    if (trailerLine) {
      const longDate = signingDate.toISOString().replace(/[-:]|\.\d{3}/g, '');
      const scope = `${longDate.slice(0, 8)}/us-east-1/s3/aws4_request`;
      const hashed = createHash('sha256').update(`${trailerLine}\n`).digest('hex');
      trailerSignature = await signer.sign(`AWS4-HMAC-SHA256-TRAILER\n${longDate}\n${scope}\n${prior}\n${hashed}`, { signingDate });
    }
    const body = frame(signatures, trailerSignature);
    return rawRequest(emu.url, 'PUT', path, { headers: signedHeaders, body: options.alter ? options.alter(body) : body });
  }

  it.each([false, true])('a signed streaming PUT (trailer: %s) is taken, its chunks verified, the bytes exact', async (trailer) => {
    const data = randomBytes(40_000);
    const answer = await streamingPut(`/bkt/streamed-${trailer}`, data, { trailer });
    expect([answer.status, answer.body.toString()]).toEqual([200, '']);
    expect((await getBytes(`streamed-${trailer}`)).equals(data)).toBe(true);
    if (trailer) expect(answer.headers['x-amz-checksum-crc32']).toBe(await digest('CRC32', data));
  });

  it.each([
    [
      'a byte of the second chunk changed',
      false,
      (b: Buffer) => {
        b[16 * 1024 + 200]! ^= 1;
        return b;
      },
    ],
    [
      'a chunk signature changed',
      false,
      (b: Buffer) =>
        Buffer.from(
          b.toString('latin1').replace(/chunk-signature=([0-9a-f])/, (_, c: string) => `chunk-signature=${c === '0' ? '1' : '0'}`),
          'latin1',
        ),
    ],
    [
      'the checksum trailer swapped for another valid one',
      true,
      (b: Buffer) => Buffer.from(b.toString('latin1').replace(/x-amz-checksum-crc32:[^\r]+/, 'x-amz-checksum-crc32:AAAAAA=='), 'latin1'),
    ],
  ])('a signed streaming PUT with %s is refused with SignatureDoesNotMatch, nothing stored', async (_, trailer, alter) => {
    const key = `tampered-${trailer}-${Math.random().toString(36).slice(2)}`;
    const answer = await streamingPut(`/bkt/${key}`, randomBytes(40_000), { trailer, alter });
    expect(answer.status).toBe(403);
    expect(answer.body.toString()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect((await rawRequest(emu.url, 'HEAD', `/bkt/${key}`)).status).toBe(404);
  });

  it('a request signed an hour ago is refused with RequestTimeTooSkewed', async () => {
    const body = Buffer.from('late');
    const headers = await signedPut('/bkt/late', body, new Date(Date.now() - 3600_000));
    const answer = await rawRequest(emu.url, 'PUT', '/bkt/late', { headers, body });
    expect(answer.status).toBe(403);
    expect(answer.body.toString()).toContain('<Code>RequestTimeTooSkewed</Code>');
  });

  it('a presigned GET works until it expires, then answers AccessDenied "Request has expired"', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'shared', Body: 'presigned bytes' }));
    const presign = async (signingDate: Date, expiresIn: number) => {
      const url = await signer.presign(
        {
          method: 'GET',
          protocol: 'http:',
          hostname: new URL(emu.url).hostname,
          path: '/bkt/shared',
          query: {},
          // As @aws-sdk/s3-request-presigner presigns: S3's query authentication signs UNSIGNED-PAYLOAD.
          headers: { host: host(), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
        },
        {
          signingDate,
          expiresIn,
          unsignableHeaders: new Set(['x-amz-content-sha256']),
          unhoistableHeaders: new Set(['x-amz-content-sha256']),
        },
      );
      return `/bkt/shared?${new URLSearchParams(url.query as Record<string, string>).toString()}`;
    };
    const fresh = await rawRequest(emu.url, 'GET', await presign(new Date(), 60));
    expect([fresh.status, fresh.body.toString()]).toEqual([200, 'presigned bytes']);
    const expired = await rawRequest(emu.url, 'GET', await presign(new Date(Date.now() - 120_000), 60));
    expect(expired.status).toBe(403);
    expect(expired.body.toString()).toContain('Request has expired');
    const tampered = (await presign(new Date(), 60)).replace(/X-Amz-Signature=[0-9a-f]{4}/, 'X-Amz-Signature=0000');
    expect((await rawRequest(emu.url, 'GET', tampered)).body.toString()).toContain('<Code>SignatureDoesNotMatch</Code>');
    // An authentication parameter given twice: refused, whichever the signature was made with.
    const twice = (await presign(new Date(), 60)).replace('?', '?X-Amz-Expires=604800&');
    expect((await rawRequest(emu.url, 'GET', twice)).body.toString()).toContain('<Code>AuthorizationQueryParametersError</Code>');
  });

  it('a presigned URL dated ahead, scoped to another service, or sent with x-amz-* headers it did not sign is refused', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'shared2', Body: 'presigned bytes' }));
    const presign = async (signingDate: Date, service = 's3') => {
      const other = new SignatureV4({ credentials: KEYS, region: 'us-east-1', service, sha256: Hash.bind(null, 'sha256') });
      const url = await other.presign(
        {
          method: 'PUT',
          protocol: 'http:',
          hostname: new URL(emu.url).hostname,
          path: '/bkt/shared2',
          query: {},
          headers: { host: host(), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
        },
        {
          signingDate,
          expiresIn: 3600,
          unsignableHeaders: new Set(['x-amz-content-sha256']),
          unhoistableHeaders: new Set(['x-amz-content-sha256']),
        },
      );
      return `/bkt/shared2?${new URLSearchParams(url.query as Record<string, string>).toString()}`;
    };
    const ahead = await rawRequest(emu.url, 'PUT', await presign(new Date(Date.now() + 3 * 86_400_000)), { body: 'x' });
    expect([ahead.status, ahead.body.toString()]).toEqual([403, expect.stringContaining('Request is not yet valid')]);
    const ec2 = await rawRequest(emu.url, 'PUT', await presign(new Date(), 'ec2'), { body: 'x' });
    expect([ec2.status, ec2.body.toString()]).toEqual([400, expect.stringContaining('<Code>AuthorizationQueryParametersError</Code>')]);
    const smuggled = await rawRequest(emu.url, 'PUT', await presign(new Date()), {
      body: 'x',
      headers: { 'x-amz-meta-planted': 'yes', 'x-amz-storage-class': 'GLACIER' },
    });
    expect([smuggled.status, smuggled.body.toString()]).toEqual([403, expect.stringContaining('which were not signed')]);
    expect(await getBytes('shared2')).toEqual(Buffer.from('presigned bytes'));
    expect((await rawRequest(emu.url, 'PUT', await presign(new Date()), { body: 'x' })).status).toBe(200);
  });

  it('a header signature scoped to another service is AuthorizationHeaderMalformed, nothing stored', async () => {
    const ec2 = new SignatureV4({ credentials: KEYS, region: 'us-east-1', service: 'ec2', sha256: Hash.bind(null, 'sha256') });
    const body = Buffer.from('x');
    const request = {
      method: 'PUT',
      protocol: 'http:',
      hostname: new URL(emu.url).hostname,
      path: '/bkt/ec2',
      headers: { host: host(), 'content-length': '1', 'x-amz-content-sha256': createHash('sha256').update(body).digest('hex') },
      body,
    };
    const headers = (await ec2.sign(request)).headers as Record<string, string>;
    const answer = await rawRequest(emu.url, 'PUT', '/bkt/ec2', { headers, body });
    expect([answer.status, answer.body.toString()]).toEqual([400, expect.stringContaining('<Code>AuthorizationHeaderMalformed</Code>')]);
    expect((await rawRequest(emu.url, 'HEAD', '/bkt/ec2')).status).toBe(404);
  });
});
