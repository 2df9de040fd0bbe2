import { randomFillSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUploader, startEmulator, type Uploader } from '../../dist/src/index.js';
import type { Emulator } from '../../dist/src/emulator/index.js';
import { makeRandomFile, makeTempDir } from '../helpers/files.js';
import { readObject } from '../helpers/read-object.js';
import { runCli } from '../helpers/run-cli.js';

const MiB = 1024 * 1024;
const temp = makeTempDir();
let emu: Emulator;
let uploader: Uploader;

beforeAll(async () => {
  emu = await startEmulator({ buckets: ['bkt'] });
  uploader = createUploader({ workers: 2 });
});
afterAll(async () => {
  await uploader?.close();
  await emu?.close();
  temp.remove();
});

const env = () => ({ AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_ENDPOINT_URL: emu.url, STORAGE_EMULATOR_HOST: emu.url });
const head = async (key: string) => (await readObject(`${emu.url}/bkt/${key}`, { method: 'HEAD' })).headers;

describe('object attributes round-trip', () => {
  it.each([
    ['s3', 'x-amz-', 1 * MiB],
    ['s3', 'x-amz-', 40 * MiB],
    ['gs', 'x-goog-', 1 * MiB],
    ['gs', 'x-goog-', 40 * MiB],
  ])('%s:// stores content type, cache control, metadata and storage class (%s, %d bytes)', async (scheme, prefix, size) => {
    const file = makeRandomFile(temp.dir, `attrs-${scheme}-${size}.bin`, size);
    const key = `attrs-${scheme}-${size}`;
    const result = await uploader.upload(file.path, `${scheme}://bkt/${key}`, {
      env: env(),
      contentType: 'application/x-qemu-disk',
      cacheControl: 'no-cache',
      metadata: { Build: '1234', 'Git-Sha': 'deadbeef' },
      storageClass: scheme === 's3' ? 'standard_ia' : 'nearline',
    });
    // Multipart above one default part (how many parts rests on the round trip the probe timed).
    expect(result.partCount > 1).toBe(size > 32 * MiB);
    const headers = await head(key);
    expect(headers['content-type']).toBe('application/x-qemu-disk');
    expect(headers['cache-control']).toBe('no-cache');
    expect(headers[`${prefix}meta-build`]).toBe('1234');
    expect(headers[`${prefix}meta-git-sha`]).toBe('deadbeef');
    expect(headers[`${prefix}storage-class`]).toBe(scheme === 's3' ? 'STANDARD_IA' : 'NEARLINE');
    const get = await readObject(`${emu.url}/bkt/${key}`);
    expect(get.sha256).toBe(file.sha256);
    expect(get.headers[`${prefix}meta-build`]).toBe('1234');
  });

  it('guesses the content type from the file name by default (CLI)', async () => {
    const page = makeRandomFile(temp.dir, 'page.html', 100);
    const run = await runCli(
      ['cp', page.path, 's3://bkt/site/', '--metadata', 'team=infra', '--metadata', 'ci=yes', '--cache-control', 'max-age=60'],
      env(),
    );
    expect(run.code).toBe(0);
    const headers = await head('site/page.html');
    expect(headers['content-type']).toBe('text/html');
    expect(headers['cache-control']).toBe('max-age=60');
    expect(headers['x-amz-meta-team']).toBe('infra');
    expect(headers['x-amz-meta-ci']).toBe('yes');
  });
});

describe('--no-clobber (ifNotExists)', () => {
  it.each(['s3', 'gs'])(
    'skips an existing object on %s:// (exit 0, skipped), sending none of its bytes, nothing replaced',
    async (scheme) => {
      const first = makeRandomFile(temp.dir, `first-${scheme}.bin`, 12 * MiB);
      const second = makeRandomFile(temp.dir, `second-${scheme}.bin`, 12 * MiB);
      const key = `kept-${scheme}`;
      expect((await runCli(['cp', first.path, `${scheme}://bkt/${key}`, '--no-clobber'], env())).code).toBe(0);
      const writesBefore = emu.requests.filter((r) => r.key === key && r.method !== 'GET' && r.method !== 'HEAD').length;
      for (const partSize of ['5MiB', '32MiB']) {
        // multipart, then one PUT: either way the HEAD finds the key and nothing is sent
        const run = await runCli(['cp', second.path, `${scheme}://bkt/${key}`, '-n', '--part-size', partSize, '--json'], env());
        expect(run.code).toBe(0);
        expect(JSON.parse(run.stdout)).toEqual({
          destination: `${scheme}://bkt/${key}`,
          uploaded: 0,
          skipped: [{ source: second.path, destination: `${scheme}://bkt/${key}`, reason: 'exists' }],
        });
        expect(run.stderr).toBe('');
      }
      const plain = await runCli(['cp', second.path, `${scheme}://bkt/${key}`, '--no-clobber'], env());
      expect([plain.code, plain.stdout]).toEqual([0, `skipped ${second.path}: ${scheme}://bkt/${key} exists (--no-clobber keeps it)\n`]);
      expect(emu.requests.filter((r) => r.key === key && r.method !== 'GET' && r.method !== 'HEAD')).toHaveLength(writesBefore);
      expect((await readObject(`${emu.url}/bkt/${key}`)).sha256).toBe(first.sha256);
      expect(emu.pendingUploads()).toBe(0);
    },
  );

  it.each(['s3', 'gs'])('lets exactly one of two concurrent uploads to one key win (%s://)', async (scheme) => {
    for (const size of [1 * MiB, 24 * MiB]) {
      const key = `race-${scheme}-${size}`;
      const bodies = [Buffer.alloc(size), Buffer.alloc(size)];
      bodies.forEach((b) => randomFillSync(b));
      const outcomes = await Promise.allSettled(
        bodies.map((body) => uploader.upload(body, `${scheme}://bkt/${key}`, { env: env(), ifNotExists: true, partSize: '5MiB' })),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason.code).toBe('PARTPUSH_PRECONDITION_FAILED');
      if (size > 5 * MiB) {
        // Both passed the HEAD before their parts and met at Complete: the store's condition decided.
        const completes = emu.requests
          .filter((r) => r.key === key && r.action === 'complete')
          .map((r) => r.status)
          .sort();
        expect(completes).toEqual([200, 412]);
      }
      const winner = bodies[outcomes.indexOf(won[0]!)]!;
      const stored = await readObject(`${emu.url}/bkt/${key}`);
      expect(stored.sha256).toBe((await import('../helpers/files.js')).sha256(winner));
    }
    expect(emu.pendingUploads()).toBe(0);
  });
});

describe('bad object options: one line, exit 2', () => {
  it.each([
    [['--metadata', 'novalue'], /^partpush: --metadata takes KEY=VALUE, got "novalue"/],
    [['--metadata', 'bad name=x'], /^partpush: --metadata name "bad name" is not a valid header name/],
    [['--storage-class', 'ICEBERG'], /^partpush: --storage-class "ICEBERG" is not an S3 storage class; use one of STANDARD,/],
    [['--content-type', 'html'], /^partpush: --content-type must look like TYPE\/SUBTYPE/],
  ])('%j', async (flags, message) => {
    const file = makeRandomFile(temp.dir, 'bad-options.bin', 10);
    const run = await runCli(['cp', file.path, 's3://bkt/bad-options', ...flags], env());
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(emu.requests.filter((r) => r.key === 'bad-options')).toEqual([]);
  });
});
