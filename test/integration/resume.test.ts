import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, upload, type Emulator, type UploadOptions } from '../../dist/src/index.js';
import { makeRandomFile, makeTempDir, rewriteKeepingMtime, sha256, type TestFile } from '../helpers/files.js';
import { readObject } from '../helpers/read-object.js';
import { CLI, runCli } from '../helpers/run-cli.js';
import { until } from '../helpers/until.js';

const MiB = 1024 * 1024;
const temp = makeTempDir();
let file: TestFile; // 12 parts of 5 MiB
beforeAll(() => {
  file = makeRandomFile(temp.dir, 'r.bin', 60 * MiB);
});
afterAll(() => temp.remove());

function journaledParts(path: string): number[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .flatMap((line) => {
      try {
        return [(JSON.parse(line) as { partNumber: number }).partNumber];
      } catch {
        return [];
      }
    });
}

/** One part in flight at a time, journaled: a cancel leaves exactly the parts done so far. */
const resumable = (endpoint: string, journal: string) =>
  ({ endpoint, auth: 'none', partSize: '5MiB', workers: 1, streamsPerWorker: 1, resume: journal }) satisfies UploadOptions;

/** The upload, cancelled once `parts` parts are done; its failure. */
function cancelAfterParts(parts: number, destination: string, options: UploadOptions): Promise<unknown> {
  const controller = new AbortController();
  return upload(file.path, destination, {
    ...options,
    signal: controller.signal,
    progressIntervalMs: 5,
    onProgress: (p) => {
      if (p.partsDone >= parts) controller.abort();
    },
  }).catch((e: unknown) => e);
}

describe('resume after a crash', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator({ buckets: ['bkt'] });
  });
  afterEach(async () => {
    await emu.close();
  });

  it('kill -9 mid-upload, rerun with the same journal: only the missing parts are sent, under their own numbers', async () => {
    const journal = join(temp.dir, 'kill9.journal');
    // Part 5 waits 30 s before its retry (Retry-After), so the first run is surely mid-way when killed.
    emu.faults.add({ action: 'part', partNumber: 5, fault: { kind: 'status', status: 503, code: 'SlowDown', retryAfterSeconds: 30 } });
    const args = [
      'cp',
      file.path,
      's3://bkt/resumed.bin',
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
    const first = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let firstStderr = '';
    first.stderr.on('data', (d) => {
      firstStderr += d;
    });
    // Kill only once the server has seen part 5 (and its fault): killing as soon as 4 parts are
    // journaled raced part 5's first request, leaving the fault for the rerun.
    const part5Refused = () => emu.requests.some((r) => r.partNumber === 5 && r.fault === 'status');
    await until(() => journaledParts(journal).length >= 4 && part5Refused(), 'four parts journaled and part 5 refused', 30_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const recorded = journaledParts(journal);
    expect(recorded, `first run's stderr: ${firstStderr}`).toEqual([1, 2, 3, 4]);
    const before = emu.requests.length;

    const second = await runCli([...args, '--json']);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ partCount: 12, partsReused: 4 });
    const sentAgain = emu.requests
      .slice(before)
      .filter((r) => r.action === 'part')
      .map((r) => r.partNumber)
      .sort((a, b) => a! - b!);
    expect(sentAgain).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    expect(emu.requests.slice(before).map((r) => r.action)).not.toContain('initiate');
    expect((await readObject(`${emu.url}/bkt/resumed.bin`)).sha256).toBe(file.sha256);
    expect(emu.pendingUploads()).toBe(0);
    expect(existsSync(journal)).toBe(false);
  });

  it('a cancelled upload keeps its parts for resume, and the rerun completes it', async () => {
    const journal = join(temp.dir, 'cancel.journal');
    const options = resumable(emu.url, journal);
    const failure = await cancelAfterParts(3, 's3://bkt/c.bin', options);
    expect(failure).toMatchObject({ code: 'PARTPUSH_ABORTED' });
    expect(emu.requests.map((r) => r.action)).not.toContain('abort');
    expect(emu.pendingUploads()).toBe(1);
    const done = journaledParts(journal);
    expect(done.length).toBeGreaterThanOrEqual(3);

    const before = emu.requests.length;
    const result = await upload(file.path, 's3://bkt/c.bin', options);
    expect(result.partCount).toBe(12);
    const resent = emu.requests
      .slice(before)
      .filter((r) => r.action === 'part')
      .map((r) => r.partNumber!);
    expect(resent.some((n) => done.includes(n))).toBe(false);
    expect((await readObject(`${emu.url}/bkt/c.bin`)).sha256).toBe(file.sha256);
    expect(emu.pendingUploads()).toBe(0);
  });

  it('the same file by another spelling of its path resumes; other options are refused with the upload to abort named', async () => {
    const journal = join(temp.dir, 'spelled.journal');
    const options = resumable(emu.url, journal);
    await cancelAfterParts(2, 's3://bkt/spelled.bin', options);
    const refused = await upload(file.path, 's3://bkt/spelled.bin', { ...options, partSize: '6MiB' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 'PARTPUSH_INVALID_OPTION',
      message: expect.stringMatching(
        /written for partSize 5242880, not 6291456; .*abort its multipart upload \S+ of s3:\/\/bkt\/spelled\.bin/,
      ),
    });
    const cwd = process.cwd();
    process.chdir(dirname(file.path));
    try {
      const result = await upload(`./${basename(file.path)}`, 's3://bkt/spelled.bin', options);
      expect(result.partsReused).toBeGreaterThanOrEqual(2);
    } finally {
      process.chdir(cwd);
    }
    expect((await readObject(`${emu.url}/bkt/spelled.bin`)).sha256).toBe(file.sha256);
    expect(emu.pendingUploads()).toBe(0);
  });

  it.each([
    ['its mtime moved', (path: string) => utimesSync(path, new Date(), new Date(Date.now() + 5000))],
    [
      'rewritten in place with its mtime put back',
      (path: string) => {
        rewriteKeepingMtime(path, [{ position: 1024, bytes: Buffer.from('rewritten') }]);
      },
    ],
  ] as const)('a source changed since the interrupted run (%s): refused, its stale upload aborted and said so', async (_name, change) => {
    const copy = makeRandomFile(temp.dir, 'changing.bin', 30 * MiB);
    const journal = join(temp.dir, 'changed.journal');
    const controller = new AbortController();
    const options = { endpoint: emu.url, auth: 'none' as const, partSize: '5MiB', workers: 1, streamsPerWorker: 1, resume: journal };
    await upload(copy.path, 's3://bkt/ch.bin', {
      ...options,
      signal: controller.signal,
      progressIntervalMs: 5,
      onProgress: (p) => {
        if (p.partsDone >= 2) controller.abort();
      },
    }).catch(() => undefined);
    expect(emu.pendingUploads()).toBe(1);
    change(copy.path);
    const error = await upload(copy.path, 's3://bkt/ch.bin', options).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PARTPUSH_SOURCE_CHANGED' });
    expect((error as Error).message).toMatch(
      /cannot be resumed: its multipart upload \S+ was aborted and the journal .*changed\.journal removed/,
    );
    expect(emu.pendingUploads()).toBe(0);
    expect(existsSync(journal)).toBe(false);
    // The next run starts over, and stores the file as it is now.
    await upload(copy.path, 's3://bkt/ch.bin', options);
    expect((await readObject(`${emu.url}/bkt/ch.bin`)).sha256).toBe(sha256(readFileSync(copy.path)));
  });
  it('--no-clobber on a resume whose key was written meanwhile: skipped, its interrupted upload aborted, its journal removed', async () => {
    const journal = join(temp.dir, 'clobber.journal');
    await cancelAfterParts(2, 's3://bkt/nc.bin', resumable(emu.url, journal));
    expect(emu.pendingUploads()).toBe(1);
    await upload(Buffer.from('written meanwhile'), 's3://bkt/nc.bin', { endpoint: emu.url, auth: 'none' });
    const before = emu.requests.length;
    const run = await runCli([
      'cp',
      file.path,
      's3://bkt/nc.bin',
      '--endpoint',
      emu.url,
      '--no-auth',
      '--part-size',
      '5MiB',
      '--resume',
      journal,
      '-n',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('nc.bin exists (--no-clobber keeps it)');
    expect(emu.requests.slice(before).map((r) => r.action)).not.toContain('part');
    expect(emu.pendingUploads()).toBe(0);
    expect(existsSync(journal)).toBe(false);
    expect((await readObject(`${emu.url}/bkt/nc.bin`)).sha256).toBe(sha256(Buffer.from('written meanwhile')));
  });

  it('a journal that cannot be written mid-upload stops the upload with its reason, and aborts it', async () => {
    const journal = join(temp.dir, 'unwritable.journal');
    let blocked = false;
    const failure = await upload(file.path, 's3://bkt/unwritable.bin', {
      ...resumable(emu.url, journal),
      progressIntervalMs: 5,
      onProgress: (p) => {
        // The journal's path becomes a directory: the next part's line cannot be appended (EISDIR).
        if (!blocked && p.partsDone >= 1) {
          blocked = true;
          rmSync(journal);
          mkdirSync(journal);
        }
      },
    }).catch((e: unknown) => e);
    expect(blocked).toBe(true);
    expect(failure).toMatchObject({
      code: 'PARTPUSH_INVALID_OPTION',
      option: 'resume',
      message: expect.stringContaining(`cannot write the resume journal ${journal}`),
    });
    expect(emu.pendingUploads()).toBe(0);
    expect(existsSync(`${journal}.lock`)).toBe(false);
    rmSync(journal, { recursive: true });
  });

  it('a journal path under a regular file is refused with its reason before anything is sent', async () => {
    const blocker = join(temp.dir, 'not-a-directory');
    writeFileSync(blocker, 'a file');
    const before = emu.requests.length;
    const failure = await upload(file.path, 's3://bkt/never.bin', resumable(emu.url, join(blocker, 'j.journal'))).catch((e: unknown) => e);
    expect(failure).toMatchObject({
      code: 'PARTPUSH_INVALID_OPTION',
      option: 'resume',
      message: expect.stringContaining('cannot write the resume journal'),
    });
    expect(emu.requests.length).toBe(before);
  });

  it('--keep-stale-upload: the changed source still refused, its upload kept open and named, the journal removed', async () => {
    const copy = makeRandomFile(temp.dir, 'kept.bin', 30 * MiB);
    const journal = join(temp.dir, 'kept.journal');
    const controller = new AbortController();
    let uploadId = '';
    await upload(copy.path, 's3://bkt/kept.bin', {
      endpoint: emu.url,
      auth: 'none',
      partSize: '5MiB',
      workers: 1,
      streamsPerWorker: 1,
      resume: journal,
      signal: controller.signal,
      progressIntervalMs: 5,
      onProgress: (p) => {
        if (p.partsDone >= 2) controller.abort();
      },
      onEvent: (e) => {
        if (e.type === 'initiated') uploadId = e.uploadId;
      },
    }).catch(() => undefined);
    expect(emu.pendingUploads()).toBe(1);
    rewriteKeepingMtime(copy.path, [{ position: 1024, bytes: Buffer.from('rewritten') }]);
    const common = ['cp', copy.path, 's3://bkt/kept.bin', '--endpoint', emu.url, '--no-auth', '--part-size', '5MiB'];
    const run = await runCli([...common, '--resume', journal, '--keep-stale-upload']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('PARTPUSH_SOURCE_CHANGED');
    expect(run.stderr).toContain(`its multipart upload ${uploadId} of s3://bkt/kept.bin was kept open, as asked`);
    expect(emu.requests.filter((r) => r.key === 'kept.bin' && r.action === 'abort')).toEqual([]);
    expect(emu.pendingUploads()).toBe(1);
    expect(existsSync(journal)).toBe(false);
    // Without --resume there is no journal to name an upload: refused as a contradiction.
    const alone = await runCli([...common, '--keep-stale-upload']);
    expect({ code: alone.code, lines: alone.stderr.trimEnd().split('\n').length }).toEqual({ code: 2, lines: 1 });
    expect(alone.stderr).toContain('--keep-stale-upload keeps the upload a resume journal names: add --resume');
  });
});
