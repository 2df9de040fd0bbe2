/**
 * The default flags against each store the emulator can act out (its refusals quoted from the
 * stores' documentation and issue threads): `--checksum auto` finds the strongest form each takes,
 * the bytes arrive exact in both modes, and an explicit form the store refuses fails at once in the
 * store's words with the flag that works.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type ProfileName } from '../../dist/src/emulator/index.js';
import { createUploader, upload, type UploadEvent } from '../../dist/src/index.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';
import { crc32c } from '../../dist/src/checksum/crc32c.js';
import { crc32cToBase64 } from '../../dist/src/checksum/crc32c-combine.js';
import { rawRequest } from '../helpers/raw-request.js';
import { readObject } from '../helpers/read-object.js';
import { runCli } from '../helpers/run-cli.js';

const MiB = 1024 * 1024;
const temp = makeTempDir();
let file: TestFile; // 3 parts of 5 MiB
let small: TestFile; // one PUT
beforeAll(() => {
  file = makeRandomFile(temp.dir, 'source.bin', 12 * MiB + 3);
  small = makeRandomFile(temp.dir, 'small.bin', 64 * 1024);
});
afterAll(() => temp.remove());

/** What `auto` settles on for each store, and whether the store can confirm it. */
const expected: Record<ProfileName, { form: string; verified: string; fallbacks: string[] }> = {
  aws: { form: 'crc32c', verified: 'object', fallbacks: [] },
  minio: { form: 'crc32c', verified: 'object', fallbacks: [] },
  gcs: { form: 'crc32c-header', verified: 'object', fallbacks: ['crc32c->crc32c-header'] },
  r2: { form: 'crc32c-header', verified: 'object', fallbacks: ['crc32c->crc32c-header'] },
  swift: { form: 'crc32c-header', verified: 'none', fallbacks: ['crc32c->crc32c-header'] },
  // B2 names the whole-object declaration first, then the algorithm's header: two steps down.
  b2: { form: 'none', verified: 'none', fallbacks: ['full-object->crc32c', 'crc32c->none'] },
  ceph: { form: 'crc32c-header', verified: 'none', fallbacks: ['crc32c->crc32c-header'] },
};

describe.each(Object.keys(expected) as ProfileName[])('the %s profile', (profile) => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ profile, buckets: ['bkt'] });
  });
  afterAll(async () => {
    await emu.close();
  });
  const opts = (extra: object = {}) => ({
    endpoint: emu.url,
    auth: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
    partSize: '5MiB',
    workers: 2,
    streamsPerWorker: 2,
    ...extra,
  });

  it.each(['workers', 'inline'] as const)(
    'default flags (%s mode): the strongest form it takes, the bytes exact, nothing left behind',
    async (mode) => {
      // Over cleartext a signed upload already sends the CRC32C in a header; --no-auth sends the trailer.
      const events: UploadEvent[] = [];
      const key = `auto-${mode}`;
      const result = await upload(file.path, `s3://bkt/${key}`, { ...opts({ mode }), auth: 'none', onEvent: (e) => events.push(e) });
      expect(result).toMatchObject({ size: file.size, checksum: expected[profile].form, verified: expected[profile].verified });
      expect(events.filter((e) => e.type === 'fallback').map((e) => e.type === 'fallback' && `${e.from}->${e.to}`)).toEqual(
        expected[profile].fallbacks,
      );
      expect((await readObject(`${emu.url}/bkt/${key}`)).sha256).toBe(file.sha256);
      expect(emu.pendingUploads()).toBe(0);
      // No refusal is retried as it was: each part is refused once, and a create once per step down.
      const refused = emu.requests.filter((r) => r.key === key && r.status >= 400);
      const parts = refused.filter((r) => r.action !== 'initiate');
      expect(new Set(parts.map((r) => `${r.action}:${r.partNumber}`)).size).toBe(parts.length);
      expect(refused.length - parts.length).toBeLessThanOrEqual(expected[profile].fallbacks.length);
    },
  );

  it('a stream under default flags: the same form, learned on its first part, the bytes exact', async () => {
    const events: UploadEvent[] = [];
    const bytes = readFileSync(file.path);
    const chunks = async function* () {
      for (let at = 0; at < bytes.length; at += 256 * 1024) yield bytes.subarray(at, at + 256 * 1024);
    };
    const result = await upload(chunks(), 's3://bkt/stream', { ...opts(), auth: 'none', onEvent: (e) => events.push(e) });
    expect(result).toMatchObject({ size: file.size, partCount: 3, checksum: expected[profile].form });
    expect(events.filter((e) => e.type === 'fallback').map((e) => e.type === 'fallback' && `${e.from}->${e.to}`)).toEqual(
      expected[profile].fallbacks,
    );
    expect((await readObject(`${emu.url}/bkt/stream`)).sha256).toBe(file.sha256);
    expect(emu.pendingUploads()).toBe(0);
  });

  it('a small object in one PUT, and a signed one: exact', async () => {
    expect(await upload(small.path, 's3://bkt/small', { ...opts(), auth: 'none' })).toMatchObject({ size: small.size });
    expect((await readObject(`${emu.url}/bkt/small`)).sha256).toBe(small.sha256);
    expect(await upload(file.path, 's3://bkt/signed', opts())).toMatchObject({ size: file.size });
    expect((await readObject(`${emu.url}/bkt/signed`)).sha256).toBe(file.sha256);
  });

  it('an Uploader remembers what the origin took: the next upload sends the learned form at once', async () => {
    const up = createUploader({ workers: 1 });
    try {
      await up.upload(file.path, 's3://bkt/first', { ...opts(), auth: 'none' });
      const events: UploadEvent[] = [];
      const second = await up.upload(file.path, 's3://bkt/second', { ...opts(), auth: 'none', onEvent: (e) => events.push(e) });
      expect(second.checksum).toBe(expected[profile].form);
      expect(events.some((e) => e.type === 'fallback')).toBe(false);
      expect(emu.requests.filter((r) => r.key === 'second' && r.status >= 400)).toEqual([]);
    } finally {
      await up.close();
    }
  });
});

describe('an explicit form the store refuses', () => {
  it("--checksum crc32c against Swift: one line in the store's words, the flag that works, within seconds, nothing left behind", async () => {
    const emu = await startEmulator({ profile: 'swift', buckets: ['bkt'] });
    try {
      const run = await runCli([
        'cp',
        file.path,
        's3://bkt/k',
        '--endpoint',
        emu.url,
        '--no-auth',
        '--part-size',
        '5MiB',
        '--checksum',
        'crc32c',
        '--workers',
        '1',
        '--streams',
        '1',
      ]);
      expect(run.code).toBe(1);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(
        /HTTP 501 \(NotImplemented: Transfering payloads in multiple chunks using aws-chunked is not supported\.\); this store refuses CRC32C trailers \(aws-chunked bodies\): use --checksum auto \(the default\)/,
      );
      expect(emu.requests.filter((r) => r.action === 'part')).toHaveLength(1);
      expect(emu.pendingUploads()).toBe(0);
    } finally {
      await emu.close();
    }
  });

  it('--checksum crc32c-header against B2: refused at create, in its words', async () => {
    const emu = await startEmulator({ profile: 'b2', buckets: ['bkt'] });
    try {
      const failure = await upload(file.path, 's3://bkt/k', {
        endpoint: emu.url,
        auth: 'none',
        partSize: '5MiB',
        checksum: 'crc32c-header',
      }).catch((e: unknown) => e);
      expect(failure).toMatchObject({
        status: 400,
        serviceCode: 'InvalidArgument',
        message: expect.stringMatching(/Unsupported header .*use --checksum auto/),
      });
      // The whole-object declaration is partpush's own addition, dropped when refused; the form asked for is not.
      expect(emu.requests.map((r) => r.action)).toEqual(['initiate', 'initiate']);
    } finally {
      await emu.close();
    }
  });
});

describe('SigV4, checked by the emulator against the keys it was started with', () => {
  const keys = { AKIDCHECKED: 'checked-secret' };
  it.each([
    ['aws, HTTP/1.1, the CRC32C in a signed header', 'aws', {}, 'crc32c-header'],
    ['aws, TLS h2, the aws-chunked trailer form', 'aws', { tls: true }, 'crc32c'],
    ['swift, TLS h2, the header form it falls back to', 'swift', { tls: true }, 'crc32c-header'],
  ] as const)('%s: every request verifies, the bytes exact', async (_name, profile, transport, form) => {
    const emu = await startEmulator({ ...transport, keys, profile, buckets: ['bkt'] });
    try {
      const auth = { accessKeyId: 'AKIDCHECKED', secretAccessKey: 'checked-secret' };
      const result = await upload(file.path, 's3://bkt/signed', { endpoint: emu.url, ca: emu.ca, auth, partSize: '5MiB' });
      expect(result).toMatchObject({ checksum: form });
      // Only the form a profile refuses is refused; never a signature.
      expect(emu.requests.filter((r) => r.errorCode === 'SignatureDoesNotMatch' || r.errorCode === 'AccessDenied')).toEqual([]);
      expect((await readObject(`${emu.url}/bkt/signed`, { ca: emu.ca })).sha256).toBe(file.sha256);
    } finally {
      await emu.close();
    }
  });

  it('a wrong secret: SignatureDoesNotMatch at the first request, in one line, not retried', async () => {
    const emu = await startEmulator({ keys, buckets: ['bkt'] });
    try {
      const run = await runCli(['cp', file.path, 's3://bkt/k', '--endpoint', emu.url, '--part-size', '5MiB'], {
        AWS_ACCESS_KEY_ID: 'AKIDCHECKED',
        AWS_SECRET_ACCESS_KEY: 'not-the-secret',
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /^partpush: initiating the multipart upload: the store answered HTTP 403 \(SignatureDoesNotMatch: .*\[PARTPUSH_SERVICE_ERROR\]\n$/,
      );
      expect(emu.requests).toHaveLength(1);
      const unknown = await runCli(['cp', file.path, 's3://bkt/k', '--endpoint', emu.url], {
        AWS_ACCESS_KEY_ID: 'AKIDNOBODY',
        AWS_SECRET_ACCESS_KEY: 'x',
      });
      expect(unknown.stderr).toMatch(/InvalidAccessKeyId/);
      const unsigned = await runCli(['cp', file.path, 's3://bkt/k', '--endpoint', emu.url, '--no-auth']);
      expect(unsigned.stderr).toMatch(/AccessDenied: Access Denied: this emulator was started with keys/);
    } finally {
      await emu.close();
    }
  });

  it("aws: a refusal sent before the body is read, then a close, reaches the client as the store's error at once, never a reset retried", async () => {
    const emu = await startEmulator({ keys, profile: 'aws', buckets: ['bkt'] });
    try {
      // 200 MiB in one PUT: far more than the socket buffers, so the store answers long before the body ends.
      const big = makeRandomFile(temp.dir, 'big.bin', 200 * MiB);
      const run = await runCli(
        ['cp', big.path, 's3://bkt/k', '--endpoint', emu.url, '--part-size', '256MiB', '--checksum', 'none', '--verbose'],
        { AWS_ACCESS_KEY_ID: 'AKIDCHECKED', AWS_SECRET_ACCESS_KEY: 'not-the-secret' },
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/object upload: the store answered HTTP 403 \(SignatureDoesNotMatch: /);
      expect(run.stderr).not.toMatch(/attempt 2|EPIPE|ECONNRESET/);
      const puts = emu.requests.filter((r) => r.action === 'put-object');
      expect(puts).toHaveLength(1);
      // The store answered without taking the body.
      expect(puts[0]!.bytesReceived).toBeLessThan(big.size);
    } finally {
      await emu.close();
    }
  });
});

describe("the whole object's CRC32C sent with the Complete", () => {
  // Stores that know S3's checksum types (December 2024) hold the object to it; older ones take no
  // notice of the declaration or the claim, and so can verify nothing beyond each part.
  it.each([
    ['aws', 'refused'],
    ['minio', 'refused'],
    ['r2', 'refused'],
    ['gcs', 'ignored'],
    ['ceph', 'ignored'],
    ['swift', 'ignored'],
  ] as const)('%s: a wrong one is %s', async (profile, outcome) => {
    const emu = await startEmulator({ profile, buckets: ['bkt'] });
    try {
      const body = Buffer.from('one part, the last, so any size');
      const partCrc = crc32cToBase64(crc32c(body));
      const create = await rawRequest(emu.url, 'POST', '/bkt/claimed?uploads', {
        headers: { 'x-amz-checksum-algorithm': 'CRC32C', 'x-amz-checksum-type': 'FULL_OBJECT' },
      });
      expect(create.status).toBe(200);
      const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(create.body.toString())![1]!;
      const part = await rawRequest(emu.url, 'PUT', `/bkt/claimed?partNumber=1&uploadId=${uploadId}`, {
        headers: { 'x-amz-checksum-crc32c': partCrc },
        body,
      });
      expect(part.status).toBe(200);
      const wrong = crc32cToBase64(crc32c(body) ^ 1);
      // Swift refuses the parts' checksums in a Complete (a refusal of its own, tested above).
      const listed = profile === 'swift' ? '' : `<ChecksumCRC32C>${partCrc}</ChecksumCRC32C>`;
      const complete = await rawRequest(emu.url, 'POST', `/bkt/claimed?uploadId=${uploadId}`, {
        headers: { 'x-amz-checksum-crc32c': wrong, 'x-amz-checksum-type': 'FULL_OBJECT' },
        body:
          '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber>' +
          `<ETag>${part.headers.etag}</ETag>${listed}</Part></CompleteMultipartUpload>`,
      });
      // S3 (the aws profile) answers 200 at once and reports a failure in the body.
      const answer = complete.body.toString();
      if (outcome === 'refused') expect(answer).toContain('<Code>BadDigest</Code>');
      else expect({ status: complete.status, answer }).toMatchObject({ status: 200, answer: expect.stringContaining('<ETag>') });
      expect((await readObject(`${emu.url}/bkt/claimed`)).status).toBe(outcome === 'refused' ? 404 : 200);
    } finally {
      await emu.close();
    }
  });
});
