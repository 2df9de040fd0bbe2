import https from 'node:https';
import { once } from 'node:events';
import { makeCertificate } from '../../dist/src/emulator/make-certificate.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PartpushError, startEmulator, upload, type Emulator } from '../../dist/src/index.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';
import { readObject } from '../helpers/read-object.js';

const MiB = 1024 * 1024;
const temp = makeTempDir();
let file: TestFile;
beforeAll(() => {
  file = makeRandomFile(temp.dir, 'f.bin', 40 * MiB);
});
afterAll(() => temp.remove());

async function failureOf(promise: Promise<unknown>): Promise<PartpushError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(PartpushError);
  return outcome as PartpushError;
}

describe.each(['workers', 'inline'] as const)('failing cleanly (%s mode)', (mode) => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator({ tls: true, buckets: ['bkt'] });
  });
  afterEach(async () => {
    await emu.close();
  });
  const options = (extra: object = {}) => ({
    endpoint: emu.url,
    ca: emu.ca,
    auth: 'none' as const,
    mode,
    workers: 2,
    streamsPerWorker: 2,
    partSize: '5MiB',
    ...extra,
  });
  const objectExists = async () => (await readObject(`${emu.url}/bkt/k`, { ca: emu.ca, method: 'HEAD' })).status === 200;

  it('a part the store refuses fails the upload with a typed error, aborts it and completes nothing', async () => {
    emu.faults.add({ action: 'part', partNumber: 3, fault: { kind: 'status', status: 403, code: 'AccessDenied' } });
    const error = await failureOf(upload(file.path, 's3://bkt/k', options()));
    expect(error).toMatchObject({
      code: 'PARTPUSH_SERVICE_ERROR',
      status: 403,
      serviceCode: 'AccessDenied',
      partNumber: 3,
      retryable: false,
    });
    expect(error.message).toMatch(/part 3: the store answered HTTP 403 \(AccessDenied/);
    const actions = emu.requests.map((r) => r.action);
    expect(actions).toContain('abort');
    expect(actions).not.toContain('complete');
    expect(emu.pendingUploads()).toBe(0);
    expect(await objectExists()).toBe(false);
  });

  it('a store error at Complete (EntityTooSmall) is typed, and the upload is aborted', async () => {
    await emu.close();
    emu = await startEmulator({ tls: true, buckets: ['bkt'], minPartSize: 6 * MiB });
    const error = await failureOf(upload(file.path, 's3://bkt/k', options()));
    expect(error).toMatchObject({ code: 'PARTPUSH_SERVICE_ERROR', status: 400, serviceCode: 'EntityTooSmall' });
    expect(emu.requests.map((r) => r.action)).toContain('abort');
    expect(emu.pendingUploads()).toBe(0);
    expect(await objectExists()).toBe(false);
  });

  it('a Complete answered 200 with an <Error> body, every time, is a failure after its retries, not a success', async () => {
    emu.faults.add({
      action: 'complete',
      times: Infinity,
      fault: { kind: 'status', status: 200, code: 'InternalError', message: 'We encountered an internal error. Please try again.' },
    });
    const error = await failureOf(upload(file.path, 's3://bkt/k', options({ retry: { maxAttempts: 3, baseDelayMs: 10 } })));
    expect(error).toMatchObject({ code: 'PARTPUSH_SERVICE_ERROR', status: 200, serviceCode: 'InternalError', attempts: 3 });
    expect(emu.requests.filter((r) => r.action === 'complete')).toHaveLength(3);
    expect(emu.pendingUploads()).toBe(0);
    expect(await objectExists()).toBe(false);
  });

  it('an unknown bucket fails before any part is sent', async () => {
    const error = await failureOf(upload(file.path, 's3://nope/k', options()));
    expect(error).toMatchObject({ code: 'PARTPUSH_SERVICE_ERROR', status: 404, serviceCode: 'NoSuchBucket' });
    expect(emu.requests.filter((r) => r.action === 'part')).toHaveLength(0);
  });

  it('cancelling through the signal stops the parts and aborts the multipart upload', async () => {
    const controller = new AbortController();
    let aborted = false;
    const promise = upload(
      file.path,
      's3://bkt/k',
      options({
        signal: controller.signal,
        progressIntervalMs: 5,
        onProgress: (p: { bytesSent: number }) => {
          if (!aborted && p.bytesSent > 8 * MiB) {
            aborted = true;
            controller.abort();
          }
        },
      }),
    );
    const error = await failureOf(promise);
    expect(error.code).toBe('PARTPUSH_ABORTED');
    expect(emu.requests.map((r) => r.action)).toContain('abort');
    expect(emu.pendingUploads()).toBe(0);
    expect(await objectExists()).toBe(false);
  });
});

describe('bad input is refused before anything starts', () => {
  it.each([
    [
      'a missing file',
      () => upload('/nonexistent/file.img', 's3://bkt/k', { auth: 'none', endpoint: 'http://127.0.0.1:9' }),
      'PARTPUSH_SOURCE_UNREADABLE',
      /no such file/,
    ],
    [
      'a directory',
      () => upload(temp.dir, 's3://bkt/k', { auth: 'none', endpoint: 'http://127.0.0.1:9' }),
      'PARTPUSH_SOURCE_UNREADABLE',
      /is a directory/,
    ],
    [
      'a part size below 5 MiB',
      () => upload(file.path, 's3://bkt/k', { auth: 'none', partSize: '1MiB' }),
      'PARTPUSH_INVALID_OPTION',
      /between 5 MiB and 5 GiB/,
    ],
    ['an unknown scheme', () => upload(file.path, 'azure://b/k', { auth: 'none' }), 'PARTPUSH_INVALID_DESTINATION', /unknown scheme/],
    [
      'missing AWS credentials',
      () => upload(file.path, 's3://bkt/k', { env: {}, endpoint: 'http://127.0.0.1:9' }),
      'PARTPUSH_AUTH_FAILED',
      /AWS_ACCESS_KEY_ID/,
    ],
    [
      'an unreachable endpoint',
      () => upload(file.path, 's3://bkt/k', { auth: 'none', endpoint: 'http://127.0.0.1:9' }),
      'PARTPUSH_NETWORK_ERROR',
      /ECONNREFUSED/,
    ],
    [
      'an untrusted TLS certificate',
      async () => {
        const emu = await startEmulator({ tls: true, buckets: ['bkt'] });
        try {
          return await upload(file.path, 's3://bkt/k', { auth: 'none', endpoint: emu.url });
        } finally {
          await emu.close();
        }
      },
      'PARTPUSH_NETWORK_ERROR',
      /not trusted .* --ca FILE/,
    ],
  ])('%s', async (_, start, code, message) => {
    const error = await failureOf(start());
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  // What a JavaScript caller (or a JSON config) can pass: a value of another type is refused by
  // name before any request, never a TypeError from inside an upload, never taken for another
  // value ('false' is truthy), and a value given as auth is never printed.
  it.each([
    ['insecure', 'false', /insecure must be true or false, got the string "false"/],
    ['ifNotExists', 'yes', /ifNotExists must be true or false/],
    ['auth', false, /auth must be "auto", "none", .*got boolean$/],
    ['auth', 'AKIAEXAMPLESECRET', /auth must be .*got string$/],
    ['auth', {}, /auth must be .*got an object of another shape/],
    ['auth', { accessKeyId: 'AKIAEXAMPLE' }, /auth with keys needs accessKeyId and secretAccessKey/],
    ['auth', { token: 5 }, /auth.token must be a non-empty string/],
    ['endpoint', 5, /endpoint must be a string, got number 5/],
    ['signal', {}, /signal must be an AbortSignal/],
    ['onProgress', 'log', /onProgress must be a function/],
    ['metadata', 'a=b', /metadata must be an object/],
    ['storageClass', 5, /storageClass must be a string/],
    ['progressIntervalMs', -1, /progressIntervalMs must be a non-negative number/],
    ['stallTimeoutMs', '60s', /stallTimeoutMs must be a positive number/],
  ])('the option %s given as %j is refused by name, before any request', async (option, value, message) => {
    const store = await startEmulator({ buckets: ['bkt'] });
    try {
      const error = await failureOf(upload(file.path, 's3://bkt/k', { auth: 'none', endpoint: store.url, [option]: value }));
      expect(error).toMatchObject({ code: 'PARTPUSH_INVALID_OPTION', option });
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain('AKIAEXAMPLE');
      expect(store.requests).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('the emulator is strict where real stores are', () => {
  it('refuses bucket names S3 and GCS refuse', async () => {
    await expect(startEmulator({ buckets: ['ab'] })).rejects.toMatchObject({ code: 'InvalidBucketName' });
    await expect(startEmulator({ buckets: ['Upper'] })).rejects.toMatchObject({ code: 'InvalidBucketName' });
    const emu = await startEmulator({ buckets: ['ok-bucket', 'with.dots_and-dashes'] });
    await emu.close();
  });
});

describe('protocol choice per origin', () => {
  it('--http 2 against a cleartext HTTP/1.1 server says so, before anything is started', async () => {
    const emu = await startEmulator({ buckets: ['bkt'] });
    try {
      const error = await failureOf(upload(file.path, 's3://bkt/k', { endpoint: emu.url, auth: 'none', http: '2' }));
      expect(error.code).toBe('PARTPUSH_PROTOCOL_UNSUPPORTED');
      expect(error.message).toMatch(/does not speak cleartext HTTP\/2 \(h2c\); use --http auto or --http 1.1/);
      expect(emu.requests).toHaveLength(0);
    } finally {
      await emu.close();
    }
  });

  it('--http 2 against a TLS server that offers only HTTP/1.1 says so', async () => {
    const certificate = await makeCertificate('127.0.0.1');
    const server = https.createServer(certificate, (_, res) => res.end());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const endpoint = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
      const error = await failureOf(upload(file.path, 's3://bkt/k', { endpoint, ca: certificate.cert, auth: 'none', http: '2' }));
      expect(error.code).toBe('PARTPUSH_PROTOCOL_UNSUPPORTED');
      expect(error.message).toMatch(/does not offer HTTP\/2 \(ALPN chose/);
    } finally {
      server.close();
    }
  });
});
