/**
 * How partpush reads what real stores answer: a Complete that takes minutes, a 501, an abort that
 * leaves parts behind, an answer with no checksum, a lost Complete answer on a key that may not be
 * read, a signed upload over cleartext, and a resume journal two runs want at once.
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../dist/src/emulator/index.js';
import { upload } from '../../dist/src/index.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';
import { readObject } from '../helpers/read-object.js';
import { CLI, runCli, unwrapped } from '../helpers/run-cli.js';
import { until } from '../helpers/until.js';

const MiB = 1024 * 1024;
const temp = makeTempDir();
let file: TestFile; // 3 parts of 5 MiB
beforeAll(() => {
  file = makeRandomFile(temp.dir, 'source.bin', 12 * MiB + 9);
});
afterAll(() => temp.remove());

let emu: Emulator;
async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  emu = await startEmulator({ buckets: ['bkt'], ...options });
  return emu;
}
afterEach(async () => {
  await emu?.close();
});
const opts = (extra: object = {}) => ({ endpoint: emu.url, auth: 'none' as const, partSize: '5MiB', ...extra });
const actions = (key: string) => emu.requests.filter((r) => r.key === key).map((r) => r.action);

describe('a Complete that takes its time', () => {
  beforeEach(() => start());

  it('held 75 s, with a 200 and whitespace or in silence: exactly one Complete, no abort, the object exact', async () => {
    emu.faults.add({ action: 'complete', key: 'held-whitespace', fault: { kind: 'slow-answer', seconds: 75, whitespace: true } });
    emu.faults.add({ action: 'complete', key: 'held-silent', fault: { kind: 'slow-answer', seconds: 75 } });
    const results = await Promise.all(['held-whitespace', 'held-silent'].map((key) => upload(file.path, `s3://bkt/${key}`, opts())));
    for (const [i, key] of ['held-whitespace', 'held-silent'].entries()) {
      expect(results[i]).toMatchObject({ size: file.size, verified: 'object' });
      expect(actions(key).filter((a) => a === 'complete')).toHaveLength(1);
      expect(actions(key)).not.toContain('abort');
      expect((await readObject(`${emu.url}/bkt/${key}`)).sha256).toBe(file.sha256);
    }
  }, 150_000);
});

describe('refusals that cannot change', () => {
  beforeEach(() => start());

  it("a 501 is reported at once in the store's words, never retried", async () => {
    emu.faults.add({
      action: 'part',
      partNumber: 1,
      times: Infinity,
      fault: {
        kind: 'status',
        status: 501,
        code: 'NotImplemented',
        message: 'Transfering payloads in multiple chunks using aws-chunked is not supported.',
      },
    });
    // Without a checksum, so that the 501 is no refusal of a checksum form (those --checksum auto
    // answers with the next form: test/integration/store-profiles.test.ts).
    const failure = await upload(file.path, 's3://bkt/refused', opts({ workers: 1, streamsPerWorker: 1, checksum: 'none' })).catch(
      (e: unknown) => e,
    );
    expect(failure).toMatchObject({
      code: 'PARTPUSH_SERVICE_ERROR',
      status: 501,
      serviceCode: 'NotImplemented',
      attempts: 1,
      message: expect.stringMatching(
        /HTTP 501 \(NotImplemented: Transfering payloads in multiple chunks using aws-chunked is not supported\.\)/,
      ),
    });
    expect(emu.requests.filter((r) => r.action === 'part')).toHaveLength(1);
    expect(emu.pendingUploads()).toBe(0);
  });
});

describe('aborts are checked', () => {
  beforeEach(() => start());

  it('an abort that left the parts is noticed with ListParts and sent again', async () => {
    emu.faults.add({ action: 'part', partNumber: 3, fault: { kind: 'status', status: 403, code: 'AccessDenied' } });
    emu.faults.add({ action: 'abort', fault: { kind: 'pretend' } });
    await expect(upload(file.path, 's3://bkt/abort-twice', opts({ workers: 1, streamsPerWorker: 1 }))).rejects.toMatchObject({
      status: 403,
    });
    expect(actions('abort-twice').filter((a) => a === 'abort' || a === 'list-parts')).toEqual([
      'abort',
      'list-parts',
      'abort',
      'list-parts',
    ]);
    expect(emu.pendingUploads()).toBe(0);
  });

  it('parts that outlive every abort are reported, not left in silence', async () => {
    emu.faults.add({ action: 'part', partNumber: 3, fault: { kind: 'status', status: 403, code: 'AccessDenied' } });
    emu.faults.add({ action: 'abort', times: Infinity, fault: { kind: 'pretend' } });
    const failure = await upload(file.path, 's3://bkt/abort-stuck', opts({ workers: 1, streamsPerWorker: 1 })).then(
      () => new Error('the upload succeeded'),
      (e: unknown) => e as Error,
    );
    expect(failure.message).toMatch(
      /could not be aborted either \(aborting the multipart upload: after 3 aborts the store still lists 2 part\(s\) of upload \S+; abort it again later/,
    );
    // With the command that aborts it, at this store.
    expect(failure.message).toMatch(
      /abort it with aws s3api abort-multipart-upload --endpoint-url 'http:\/\/127\.0\.0\.1:\d+' --bucket 'bkt' --key 'abort-stuck' --upload-id '\S+'$/,
    );
    expect(emu.pendingUploads()).toBe(1);
  });

  it('a cancel whose abort does not take says so, not that the upload was aborted', async () => {
    emu.faults.add({ action: 'abort', times: Infinity, fault: { kind: 'pretend' } });
    const controller = new AbortController();
    const failure = await upload(file.path, 's3://bkt/cancel-stuck', {
      ...opts({ workers: 1, streamsPerWorker: 1 }),
      signal: controller.signal,
      progressIntervalMs: 5,
      onProgress: (p) => {
        if (p.partsDone >= 2) controller.abort();
      },
    }).then(
      () => new Error('the upload succeeded'),
      (e: unknown) => e as Error,
    );
    expect(failure).toMatchObject({ code: 'PARTPUSH_ABORTED' });
    expect(failure.message).toMatch(
      /^upload cancelled by the caller; nothing was completed, but the multipart upload \S+ could not be aborted \(/,
    );
    expect(failure.message).not.toMatch(/the multipart upload was aborted/);
    expect(emu.pendingUploads()).toBe(1);
  });
});

describe('what counts as verified', () => {
  it('a store that reports no checksum: the bytes arrive, and the result does not say verified', async () => {
    await start({ reportChecksums: false });
    for (const key of ['multipart', 'single']) {
      const result = await upload(
        key === 'single' ? makeRandomFile(temp.dir, 'small.bin', MiB).path : file.path,
        `s3://bkt/${key}`,
        opts(),
      );
      expect(result).toMatchObject({ checksum: 'crc32c', verified: 'none' });
    }
    const cli = await runCli(['cp', file.path, 's3://bkt/cli', '--endpoint', emu.url, '--no-auth', '--part-size', '5MiB']);
    expect(unwrapped(cli.stdout)).toMatch(/, crc32c unverified\n$/);
  });

  it('gs:// to a server that reports no x-goog-hash: the parts are left unconfirmed, not called verified', async () => {
    // From GCS itself (storage.googleapis.com) a part answer without x-goog-hash is an error: there
    // the answer is the only check. No test here reaches it.
    await start({ reportChecksums: false });
    expect(await upload(file.path, 'gs://bkt/no-hash', opts())).toMatchObject({ checksum: 'crc32c', verified: 'none' });
  });

  it('a store that reports them: confirmed', async () => {
    await start();
    expect(await upload(file.path, 's3://bkt/confirmed', opts())).toMatchObject({ checksum: 'crc32c', verified: 'object' });
    expect(await upload(file.path, 'gs://bkt/confirmed', opts())).toMatchObject({ checksum: 'crc32c', verified: 'object' });
  });
});

describe('a lost Complete answer', () => {
  beforeEach(() => start());

  it('on a key that may not read the object: a clear error, and no abort of an upload that is gone', async () => {
    emu.faults.add({ action: 'complete', fault: { kind: 'lose-answer' } });
    emu.faults.add({ action: 'head-object', times: Infinity, fault: { kind: 'status', status: 403, code: 'AccessDenied' } });
    const failure = await upload(file.path, 's3://bkt/lost', opts()).catch((e: unknown) => e);
    expect(failure).toMatchObject({
      code: 'PARTPUSH_OUTCOME_UNKNOWN',
      serviceCode: 'NoSuchUpload',
      message: expect.stringMatching(
        /an earlier attempt's answer was lost, and the store no longer knows upload \S+ .*no object could be read/,
      ),
    });
    expect(actions('lost')).not.toContain('abort');
    expect((await readObject(`${emu.url}/bkt/lost`)).sha256).toBe(file.sha256); // it was completed
  });
});

describe('a signed upload over cleartext http://', () => {
  beforeEach(() => start());

  it('sends the CRC32C in a signed header, not an unsigned trailer', async () => {
    const aws = { auth: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } };
    expect(await upload(file.path, 's3://bkt/signed', opts(aws))).toMatchObject({ checksum: 'crc32c-header', verified: 'object' });
    expect(emu.requests.filter((r) => r.key === 'signed' && r.action === 'part').map((r) => r.checksum)).toEqual([
      'header',
      'header',
      'header',
    ]);
    expect(await upload(file.path, 's3://bkt/unsigned', opts())).toMatchObject({ checksum: 'crc32c' });
  });
});

describe('one resume journal, two runs', () => {
  beforeEach(() => start());

  it('the second run is refused at once while the first runs; a lock left by a dead process is taken over', async () => {
    const journal = join(temp.dir, 'shared.journal');
    emu.faults.add({ action: 'part', partNumber: 2, fault: { kind: 'status', status: 503, code: 'SlowDown', retryAfterSeconds: 5 } });
    const args = [
      'cp',
      file.path,
      's3://bkt/locked',
      '--endpoint',
      emu.url,
      '--no-auth',
      '--part-size',
      '5MiB',
      '--workers',
      '1',
      '--streams',
      '1',
      '--resume',
      journal,
    ];
    const first = spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' });
    const firstExit = new Promise((resolve) => first.once('exit', resolve));
    await until(
      () => existsSync(`${journal}.lock`) && emu.requests.some((r) => r.key === 'locked' && r.fault === 'status'),
      'the first run to hold the journal',
    );
    const second = await runCli(args);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(
      new RegExp(`^partpush: the resume journal .*shared\\.journal is in use by process ${first.pid} \\(another run of this upload\\)`),
    );
    expect(await firstExit).toBe(0);
    expect(existsSync(`${journal}.lock`)).toBe(false);
    expect(emu.requests.filter((r) => r.key === 'locked' && r.action === 'initiate')).toHaveLength(1);

    writeFileSync(`${journal}.lock`, '999999999\n'); // a pid no process has
    const third = await runCli([...args.slice(0, 2), 's3://bkt/locked-again', ...args.slice(3)]);
    expect(third.code, third.stderr).toBe(0);
    // A live pid given to another process since the lock was left (a container run again starts
    // its pids from 1): the start time recorded with it tells them apart.
    writeFileSync(`${journal}.lock`, `${JSON.stringify({ pid: process.pid, start: '1' })}\n`);
    const fourth = await runCli([...args.slice(0, 2), 's3://bkt/locked-reused', ...args.slice(3)]);
    expect(fourth.code, fourth.stderr).toBe(0);
  });
});
