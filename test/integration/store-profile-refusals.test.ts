/**
 * The emulator now computes and checks every checksum algorithm the SDKs send; the profiles that
 * act out stores refusing checksum forms must keep refusing them for every algorithm, in that
 * store's own status, code and message (store-profile.ts), never with the emulator's own words and
 * never by accepting. Driven by the AWS SDK for JavaScript v3 with its own framing: a Buffer body
 * carries the checksum in a header, a stream body in an aws-chunked trailer.
 */
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type ChecksumAlgorithm,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type ProfileName } from '../../dist/src/emulator/index.js';
import { createHasher } from '../../dist/src/emulator/checksums/create-hasher.js';
import { rawRequest } from '../helpers/raw-request.js';

type Algorithm = Extract<ChecksumAlgorithm, 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256'>;
const ALGORITHMS: Algorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];
type Words = { status: number; code: string; message: string };

const GCS_SIGNATURE: Words = {
  status: 403,
  code: 'SignatureDoesNotMatch',
  message:
    'The request signature we calculated does not match the signature you provided. Check your Google secret key and signing method.',
};
const SWIFT_CHUNKED: Words = {
  status: 501,
  code: 'NotImplemented',
  message: 'Transfering payloads in multiple chunks using aws-chunked is not supported.',
};
const B2_HEADER: Words = {
  status: 400,
  code: 'InvalidArgument',
  message: "Unsupported header 'x-amz-sdk-checksum-algorithm' received for this API call.",
};
const R2_TRAILER: Words = { status: 401, code: 'Unauthorized', message: 'Unauthorized' };
const CEPH_TRAILER: Words = { status: 400, code: 'XAmzContentSHA256Mismatch', message: '' };

/** What each profile answers to a checksum in a header and in a trailer: its refusal, or undefined (taken and checked). */
const expected: Record<ProfileName, { header?: Words; trailer?: Words }> = {
  aws: {},
  minio: {},
  gcs: { trailer: GCS_SIGNATURE },
  swift: { trailer: SWIFT_CHUNKED },
  b2: { header: B2_HEADER, trailer: B2_HEADER },
  r2: { trailer: R2_TRAILER },
  ceph: { trailer: CEPH_TRAILER },
};

async function digest(algorithm: Algorithm, body: Buffer): Promise<string> {
  const hasher = await createHasher(algorithm);
  hasher.update(body);
  return (await hasher.digest()).toString('base64');
}

describe.each(Object.keys(expected) as ProfileName[])('the %s profile, for every algorithm', (profile) => {
  let emu: Emulator;
  let s3: S3Client;
  beforeAll(async () => {
    emu = await startEmulator({ profile, buckets: ['bkt'], minPartSize: 1024 });
    s3 = new S3Client({
      endpoint: emu.url,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      // Quiet: the SDK warns on every refused stream body, and refusals are what this file expects.
      logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    });
  });
  afterAll(async () => {
    s3.destroy();
    await emu.close();
  });

  it.each(ALGORITHMS.flatMap((algorithm) => (['header', 'trailer'] as const).map((form) => [algorithm, form] as const)))(
    '%s in a %s',
    async (algorithm, form) => {
      const body = randomBytes(20_000);
      const key = `${algorithm}-${form}`;
      const put = s3.send(
        new PutObjectCommand({
          Bucket: 'bkt',
          Key: key,
          Body: form === 'header' ? body : Readable.from([body.subarray(0, 7000), body.subarray(7000)]),
          ContentLength: body.length,
          ChecksumAlgorithm: algorithm,
        }),
      );
      const refusal = expected[profile][form];
      if (refusal) {
        await expect(put).rejects.toMatchObject({ name: refusal.code, $metadata: { httpStatusCode: refusal.status } });
        const answered = await put.catch((error: Error) => error.message);
        if (refusal.message) expect(answered).toBe(refusal.message);
        expect((await rawRequest(emu.url, 'HEAD', `/bkt/${key}`)).status).toBe(404);
      } else {
        await put;
        const stored = await rawRequest(emu.url, 'GET', `/bkt/${key}`);
        expect(stored.body.equals(body)).toBe(true);
      }
      // One request, not retried; where it was taken, the emulator saw the form this case is about
      // (where it was refused, the refusal of that form alone says so).
      const sent = emu.requests.filter((r) => r.key === key && r.action === 'put-object');
      expect(sent).toHaveLength(1);
      if (!refusal) expect(sent[0]!.checksum).toBe(form);
      if (!refusal && profile !== 'swift' && profile !== 'ceph' && profile !== 'b2') {
        // A store that takes the checksum checks it too: a wrong one is BadDigest, whatever the algorithm.
        const wrong = s3.send(
          new PutObjectCommand({
            Bucket: 'bkt',
            Key: `${key}-wrong`,
            Body: body,
            [`Checksum${algorithm}`]: await digest(algorithm, Buffer.from('x')),
          }),
        );
        await expect(wrong).rejects.toMatchObject({ name: 'BadDigest' });
      }
    },
  );
});

describe('swift refuses part checksums in a Complete, for every algorithm, in its words', () => {
  let emu: Emulator;
  let s3: S3Client;
  beforeAll(async () => {
    emu = await startEmulator({ profile: 'swift', buckets: ['bkt'], minPartSize: 1024 });
    s3 = new S3Client({
      endpoint: emu.url,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 's' },
    });
  });
  afterAll(async () => {
    s3.destroy();
    await emu.close();
  });

  it.each(ALGORITHMS)('%s', async (algorithm) => {
    const key = `mp-${algorithm}`;
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'bkt', Key: key, ChecksumAlgorithm: algorithm }));
    const body = randomBytes(2048);
    const part = await s3.send(
      new UploadPartCommand({
        Bucket: 'bkt',
        Key: key,
        UploadId: created.UploadId,
        PartNumber: 1,
        Body: body,
        ChecksumAlgorithm: algorithm,
      }),
    );
    const complete = s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'bkt',
        Key: key,
        UploadId: created.UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag, [`Checksum${algorithm}`]: await digest(algorithm, body) }] },
      }),
    );
    await expect(complete).rejects.toMatchObject({ name: 'MalformedXML', $metadata: { httpStatusCode: 400 } });
    expect((await rawRequest(emu.url, 'HEAD', `/bkt/${key}`)).status).toBe(404);
  });
});
