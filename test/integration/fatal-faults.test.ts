/**
 * Failures no retry can fix: each ends with a typed error (and, from the CLI, a non-zero exit and
 * one line), an abort the server saw, and no object under the key.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, truncateSync, utimesSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type PartpushError, startEmulator, upload, type Emulator, type UploadOptions } from '../../dist/src/index.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';
import { readObject } from '../helpers/read-object.js';
import { buildWithCrashingWorker, buildWithoutWorkerBundle } from '../helpers/crashing-worker-build.js';
import { CLI, runCli } from '../helpers/run-cli.js';
import { until } from '../helpers/until.js';

const MiB = 1024 * 1024;
const temp = makeTempDir();
let file: TestFile;
beforeAll(() => {
  file = makeRandomFile(temp.dir, 'f.bin', 40 * MiB);
});
afterAll(() => temp.remove());

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator({ buckets: ['bkt'] });
});
afterEach(async () => {
  await emu.close();
});

const options = (extra: Partial<UploadOptions> = {}): UploadOptions => ({
  endpoint: emu.url,
  auth: 'none',
  partSize: '5MiB',
  workers: 2,
  streamsPerWorker: 2,
  retry: { baseDelayMs: 10, maxDelayMs: 50 },
  ...extra,
});
const noObject = async (key = 'k') => (await readObject(`${emu.url}/bkt/${key}`, { method: 'HEAD' })).status === 404;
const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected the upload to fail');
    },
    (e: unknown) => e as PartpushError,
  );

describe.each(['workers', 'inline'] as const)('fatal faults (%s mode)', (mode) => {
  it.each([
    ['BadDigest on a part', 'part', { kind: 'status', status: 400, code: 'BadDigest' }, 'BadDigest'],
    ['wrong credentials (InvalidAccessKeyId)', 'part', { kind: 'status', status: 403, code: 'InvalidAccessKeyId' }, 'InvalidAccessKeyId'],
    ['InvalidPart at Complete', 'complete', { kind: 'status', status: 400, code: 'InvalidPart' }, 'InvalidPart'],
  ] as const)('%s: not retried, aborted, no object', async (_, action, fault, serviceCode) => {
    emu.faults.add({ action, partNumber: action === 'part' ? 3 : undefined, fault });
    const error = await failureOf(upload(file.path, 's3://bkt/k', options({ mode })));
    expect(error).toMatchObject({ code: 'PARTPUSH_SERVICE_ERROR', serviceCode, attempts: 1 });
    expect(emu.requests.map((r) => r.action)).toContain('abort');
    expect(emu.pendingUploads()).toBe(0);
    expect(await noObject()).toBe(true);
  });

  // Damage in transit, wherever the CRC32C travels: S3 checks the trailer (or header) and refuses the
  // part; GCS takes no trailer, so the client finds the damage in the CRC32C of GCS's answer.
  it.each([
    ['s3://, CRC32C in an aws-chunked trailer', 's3', 'crc32c', { code: 'PARTPUSH_SERVICE_ERROR', serviceCode: 'BadDigest' }],
    ['s3://, CRC32C in a header', 's3', 'crc32c-header', { code: 'PARTPUSH_SERVICE_ERROR', serviceCode: 'BadDigest' }],
    ["gs://, CRC32C checked against the store's answer", 'gs', 'crc32c', { code: 'PARTPUSH_CHECKSUM_MISMATCH' }],
    ['gs://, CRC32C in a header', 'gs', 'crc32c-header', { code: 'PARTPUSH_SERVICE_ERROR', serviceCode: 'BadDigest' }],
  ] as const)(
    'a part damaged on the way (%s): caught at that part, not retried, aborted, no object',
    async (_, scheme, checksum, expected) => {
      emu.faults.add({ action: 'part', partNumber: 3, fault: { kind: 'garble' } });
      const error = await failureOf(upload(file.path, `${scheme}://bkt/k`, options({ mode, checksum })));
      expect(error).toMatchObject({ ...expected, partNumber: 3, attempts: 1 });
      if (expected.code === 'PARTPUSH_CHECKSUM_MISMATCH')
        expect(error.message).toMatch(/^part 3: the store reports CRC32C \S+ for the bytes it received, the bytes sent make \S+;/);
      expect(emu.requests.filter((r) => r.action === 'part' && r.partNumber === 3)).toHaveLength(1);
      expect(emu.requests.map((r) => r.action)).toContain('abort');
      expect(emu.requests.map((r) => r.action)).not.toContain('complete');
      expect(emu.pendingUploads()).toBe(0);
      expect(await noObject()).toBe(true);
    },
  );

  it('a single PUT to gs:// damaged on the way is refused before it is stored: its CRC32C goes in a header', async () => {
    const small = makeRandomFile(temp.dir, `small-${mode}.bin`, 3 * MiB);
    emu.faults.add({ action: 'put-object', fault: { kind: 'garble' } });
    const error = await failureOf(upload(small.path, 'gs://bkt/k', options({ mode })));
    expect(error).toMatchObject({ code: 'PARTPUSH_SERVICE_ERROR', serviceCode: 'BadDigest' });
    expect(await noObject()).toBe(true);
  });

  it('a part stored corrupt (gs://): the whole-object CRC32C catches it and the object is deleted', async () => {
    emu.faults.add({ action: 'part', partNumber: 4, fault: { kind: 'corrupt' } });
    const error = await failureOf(upload(file.path, 'gs://bkt/k', options({ mode })));
    expect(error.code).toBe('PARTPUSH_CHECKSUM_MISMATCH');
    expect(error.message).toMatch(/the store reports CRC32C .* the corrupt object was deleted/);
    expect(await noObject()).toBe(true);
  });

  it('a part stored corrupt (s3://): Complete, given the part checksums, refuses it', async () => {
    emu.faults.add({ action: 'part', partNumber: 4, fault: { kind: 'corrupt' } });
    const error = await failureOf(upload(file.path, 's3://bkt/k', options({ mode })));
    expect(error).toMatchObject({ code: 'PARTPUSH_SERVICE_ERROR', serviceCode: 'InvalidPart' });
    expect(await noObject()).toBe(true);
    expect(emu.pendingUploads()).toBe(0);
  });

  it('a source that changes mid-upload fails it; nothing is completed', async () => {
    const changing = makeRandomFile(temp.dir, `changing-${mode}.bin`, 40 * MiB);
    let touched = false;
    const error = await failureOf(
      upload(
        changing.path,
        's3://bkt/k',
        options({
          mode,
          workers: 1,
          streamsPerWorker: 1,
          progressIntervalMs: 5,
          onProgress: (p) => {
            if (!touched && p.partsDone >= 2) {
              touched = true;
              appendFileSync(changing.path, 'more');
            }
          },
        }),
      ),
    );
    expect(error.code).toBe('PARTPUSH_SOURCE_CHANGED');
    expect(emu.requests.map((r) => r.action)).toContain('abort');
    expect(emu.requests.map((r) => r.action)).not.toContain('complete');
    expect(await noObject()).toBe(true);
  });

  it('a write to an already-sent region (same size, new mtime) is caught before Complete', async () => {
    const rewritten = makeRandomFile(temp.dir, `rewritten-${mode}.bin`, 40 * MiB);
    let touched = false;
    const error = await failureOf(
      upload(
        rewritten.path,
        's3://bkt/k',
        options({
          mode,
          workers: 1,
          streamsPerWorker: 1,
          progressIntervalMs: 5,
          onProgress: (p) => {
            if (!touched && p.partsDone >= 7) {
              touched = true;
              utimesSync(rewritten.path, new Date(), new Date(Date.now() + 1000));
            }
          },
        }),
      ),
    );
    expect(error.code).toBe('PARTPUSH_SOURCE_CHANGED');
    expect(await noObject()).toBe(true);
    expect(emu.pendingUploads()).toBe(0);
  });
});

describe('unreadable source and dying workers', () => {
  it('a file truncated under the upload fails it with a typed error', async () => {
    const shrinking = makeRandomFile(temp.dir, 'shrinking.bin', 40 * MiB);
    let cut = false;
    const error = await failureOf(
      upload(
        shrinking.path,
        's3://bkt/k',
        options({
          workers: 1,
          streamsPerWorker: 1,
          progressIntervalMs: 5,
          onProgress: (p) => {
            if (!cut && p.partsDone >= 1) {
              cut = true;
              truncateSync(shrinking.path, 7 * MiB);
            }
          },
        }),
      ),
    );
    expect(error.code).toBe('PARTPUSH_SOURCE_CHANGED');
    expect(emu.pendingUploads()).toBe(0);
    expect(await noObject()).toBe(true);
  });

  it('a build without its worker bundle (tsc alone) says to run npm run build, before any request', async () => {
    const partial = (await import(buildWithoutWorkerBundle())) as { upload: typeof upload };
    const failure = await partial.upload(file.path, 's3://bkt/k', options({ mode: 'workers' })).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'PARTPUSH_WORKER_FAILED', message: expect.stringContaining('npm run build') });
    expect(emu.requests).toEqual([]);
  });

  it('a worker thread that dies mid-part is replaced and its part retried', async () => {
    const crashing = (await import(buildWithCrashingWorker(3))) as { upload: typeof upload };
    // One part in flight per worker, so only part 3 was on the thread that died.
    const result = await crashing.upload(file.path, 's3://bkt/k', options({ mode: 'workers', streamsPerWorker: 1 }));
    expect(result.retries).toBe(1);
    expect(emu.requests.filter((r) => r.action === 'part' && r.partNumber === 3).length).toBeLessThanOrEqual(2);
    // Parts the dead thread had finished are not sent again, even when its reports of them were
    // still queued as it died.
    const sentOthers = emu.requests.filter((r) => r.action === 'part' && r.partNumber !== 3).map((r) => r.partNumber);
    expect([...sentOthers].sort((a, b) => a! - b!)).toEqual([1, 2, 4, 5, 6, 7, 8]);
    expect((await readObject(`${emu.url}/bkt/k`)).sha256).toBe(file.sha256);
  });
});

describe('the CLI under Ctrl-C and bad input', () => {
  it('SIGINT mid-upload: exit 130, the multipart upload aborted, no object', async () => {
    emu.faults.add({ action: 'part', partNumber: 3, fault: { kind: 'status', status: 503, code: 'SlowDown', retryAfterSeconds: 30 } });
    const child = spawn(
      process.execPath,
      [CLI, 'cp', file.path, 's3://bkt/k', '--endpoint', emu.url, '--no-auth', '--part-size', '5MiB', '--workers', '1', '--streams', '1'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    await until(() => emu.requests.some((r) => r.fault === 'status'), 'the store to refuse part 3', 20_000);
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(130);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^partpush: interrupted; upload cancelled/);
    expect(emu.requests.map((r) => r.action)).toContain('abort');
    expect(emu.pendingUploads()).toBe(0);
    expect(await noObject()).toBe(true);
  });

  it.each([
    [
      'a file too large for 10,000 parts of 5 GiB (over 5 TiB)',
      async () => {
        const huge = `${temp.dir}/huge.img`;
        appendFileSync(huge, '');
        truncateSync(huge, 5 * 1024 ** 4 + 1); // sparse: no disk used
        return ['cp', huge, 's3://bkt/k', '--endpoint', emu.url, '--no-auth'];
      },
      1,
      /objects can be at most 5 TiB/,
    ],
    [
      'a part size over 5 GiB',
      async () => ['cp', file.path, 's3://bkt/k', '--endpoint', emu.url, '--no-auth', '--part-size', '6GiB'],
      2,
      /between 5 MiB and 5 GiB/,
    ],
    ['a malformed destination', async () => ['cp', file.path, 's3:/bkt', '--no-auth'], 2, /expected gs:\/\/BUCKET\/KEY/],
    [
      'an unreachable endpoint (fails fast)',
      async () => ['cp', file.path, 's3://bkt/k', '--endpoint', 'http://127.0.0.1:9', '--no-auth'],
      1,
      /cannot connect to http:\/\/127\.0\.0\.1:9: ECONNREFUSED/,
    ],
    [
      'wrong credentials',
      async () => {
        emu.faults.add({
          action: 'initiate',
          fault: {
            kind: 'status',
            status: 403,
            code: 'InvalidAccessKeyId',
            message: 'The AWS Access Key Id you provided does not exist in our records.',
          },
        });
        return ['cp', file.path, 's3://bkt/k', '--endpoint', emu.url];
      },
      1,
      /HTTP 403 \(InvalidAccessKeyId/,
    ],
  ] as const)('%s: one line, the right exit code, nothing left behind', async (_, args, code, message) => {
    const run = await runCli(await args(), { AWS_ACCESS_KEY_ID: 'AKIDWRONG', AWS_SECRET_ACCESS_KEY: 'wrong-secret' });
    expect(run.code).toBe(code);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(emu.pendingUploads()).toBe(0);
  });
});
