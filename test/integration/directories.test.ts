import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../dist/src/index.js';
import type { Emulator } from '../../dist/src/emulator/index.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';
import { readObject } from '../helpers/read-object.js';
import { runCli, unwrapped } from '../helpers/run-cli.js';

const MiB = 1024 * 1024;
const temp = makeTempDir();
const tree = join(temp.dir, 'out');
let emu: Emulator;
/** Path under the tree (with / separators) -> the file written there. */
const files = new Map<string, TestFile>();

/** About 50 files from 0 B to 40 MiB, nested three deep, with spaces and non-ASCII in their names. */
function makeTree(): void {
  const dirs = ['', 'a', 'a/b', 'a/b/c', 'with space', 'ünïcødé', 'ünïcødé/日本'];
  for (const dir of dirs) mkdirSync(join(tree, dir), { recursive: true });
  const sizes = [0, 1, 4096, 100_000, 1 * MiB, 5 * MiB + 1];
  let n = 0;
  for (const dir of dirs) {
    for (const size of sizes) {
      const name = `${n % 3 === 0 ? 'file ' : 'f-'}${n}${n % 4 === 0 ? '-é' : ''}.bin`;
      const rel = dir ? `${dir}/${name}` : name;
      files.set(rel, makeRandomFile(join(tree, dir), name, size));
      n++;
    }
  }
  files.set('a/big.img', makeRandomFile(join(tree, 'a'), 'big.img', 40 * MiB));
  files.set('index.html', makeRandomFile(tree, 'index.html', 1000));
  files.set('with space/data.json', makeRandomFile(join(tree, 'with space'), 'data.json', 10));
}

beforeAll(async () => {
  makeTree();
  symlinkSync('/etc/hostname', join(tree, 'a', 'link-out'));
  emu = await startEmulator({ buckets: ['bkt'] });
});
afterAll(async () => {
  await emu?.close();
  temp.remove();
});

const env = () => ({ AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_ENDPOINT_URL: emu.url, STORAGE_EMULATOR_HOST: emu.url });
const objectUrl = (key: string) => `${emu.url}/bkt/${key.split('/').map(encodeURIComponent).join('/')}`;

describe('partpush cp -r', () => {
  it.each(['s3', 'gs'])('sends every regular file of a tree to DEST/ plus its path, byte-exact (%s://)', async (scheme) => {
    expect(files.size).toBeGreaterThanOrEqual(45);
    const run = await runCli(['cp', '-r', tree, `${scheme}://bkt/${scheme}-tree/`, '--json'], env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ uploaded: files.size, failed: 0, skipped: [], links: [join(tree, 'a', 'link-out')] });
    expect(report.files).toHaveLength(files.size);
    for (const [rel, file] of files) {
      const stored = await readObject(objectUrl(`${scheme}-tree/${rel}`));
      expect(stored.status, rel).toBe(200);
      expect(stored.sha256, rel).toBe(file.sha256);
    }
    expect((await readObject(objectUrl(`${scheme}-tree/index.html`), { method: 'HEAD' })).headers['content-type']).toBe('text/html');
    expect((await readObject(objectUrl(`${scheme}-tree/with space/data.json`), { method: 'HEAD' })).headers['content-type']).toBe(
      'application/json',
    );
    const big = report.files.find((f: { source: string }) => f.source.endsWith('big.img'));
    // Multipart: two default parts, or more where the probe timed 5 ms or more (a loaded loopback
    // can) and the default part size was re-planned for the lanes (8 MiB and up).
    expect(big.result.size).toBe(40 * MiB);
    if (big.result.rttMs < 5) expect(big.result).toMatchObject({ partSize: 32 * MiB, partCount: 2 });
    else expect(big.result.partSize).toBeGreaterThanOrEqual(8 * MiB);
    expect(big.result.partCount).toBeGreaterThan(1);
    expect(emu.pendingUploads()).toBe(0);
  });

  it('names a failed file, completes the others, and exits 1', async () => {
    emu.faults.add({
      key: 'fail/a/b/c/file 21.bin',
      action: 'put-object',
      fault: { kind: 'status', status: 403, code: 'AccessDenied' },
      times: Number.POSITIVE_INFINITY,
    });
    emu.faults.add({
      key: 'fail/a/big.img',
      action: 'part',
      partNumber: 2,
      fault: { kind: 'status', status: 400, code: 'InvalidArgument' },
      times: Number.POSITIVE_INFINITY,
    });
    const run = await runCli(['cp', '-r', tree, 's3://bkt/fail'], env());
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n').sort();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^partpush: .*\/out\/a\/b\/c\/file 21\.bin: object upload: the store answered HTTP 403 \(AccessDenied.*\[PARTPUSH_SERVICE_ERROR\]$/,
    );
    expect(lines[1]).toMatch(
      /^partpush: .*\/out\/a\/big\.img: part 2: the store answered HTTP 400 \(InvalidArgument.*\[PARTPUSH_SERVICE_ERROR\]$/,
    );
    expect(unwrapped(run.stdout)).toMatch(
      new RegExp(
        `^uploaded ${files.size - 2} files \\(.*\\)(?: to s3://bkt/fail)? in [\\d.]+ s \\([\\d.]+ MiB/s\\); 2 failed; 1 link\\(s\\) not followed\\n$`,
      ),
    );
    for (const [rel, file] of files) {
      const stored = await readObject(objectUrl(`fail/${rel}`));
      if (rel === 'a/b/c/file 21.bin' || rel === 'a/big.img') expect(stored.status, rel).toBe(404);
      else expect(stored.sha256, rel).toBe(file.sha256);
    }
    expect(emu.pendingUploads()).toBe(0);
  });

  it('a failure every file would meet (no bucket, no credentials, a refused connection) is said once, with the count of the rest; exit 1', async () => {
    const total = files.size;
    const noEnv = { AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
    const cases = [
      { args: ['s3://nobucket/x/', '--endpoint', emu.url, '--no-auth'], code: 'PARTPUSH_SERVICE_ERROR', what: /NoSuchBucket/ },
      {
        args: ['s3://bkt/x/', '--endpoint', emu.url, '--profile', 'nope'],
        code: 'PARTPUSH_AUTH_FAILED',
        what: /no AWS credentials for the profile "nope"/,
      },
      { args: ['s3://bkt/x/', '--endpoint', 'http://127.0.0.1:1', '--no-auth'], code: 'PARTPUSH_NETWORK_ERROR', what: /ECONNREFUSED/ },
    ];
    for (const c of cases) {
      const before = emu.requests.length;
      const run = await runCli(['cp', '-r', tree, ...c.args], noEnv);
      expect(run.code, run.stderr).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(new RegExp(`^partpush: ${tree}/.*: .*\\[${c.code}\\]$`));
      expect(lines[0]).toMatch(c.what);
      expect(lines[1]).toBe(`partpush: ${total - 1} more file(s) not uploaded: the failure above would meet each of them [${c.code}]`);
      expect(unwrapped(run.stdout)).toMatch(new RegExp(`^uploaded 0 files .*; ${total} failed; 1 link\\(s\\) not followed\\n$`));
      // At most the files that were in flight when the first failed reached the store.
      expect(emu.requests.length - before).toBeLessThanOrEqual(32);
    }
    expect(emu.pendingUploads()).toBe(0);
  });

  it('a FIFO is named as not a regular file, apart from links; a dry run shows both, and a key it would refuse', async () => {
    const odd = join(temp.dir, 'odd');
    const deep = join(odd, ...Array.from({ length: 5 }, (_, i) => `${i}`.repeat(200)));
    mkdirSync(deep, { recursive: true });
    makeRandomFile(odd, 'ok', 10);
    makeRandomFile(deep, 'x'.repeat(100), 10);
    execFileSync('mkfifo', [join(odd, 'fifo')]);
    symlinkSync('ok', join(odd, 'link'));
    const dry = await runCli(['cp', '-r', odd, 's3://bkt/odd/', '--dry-run'], env());
    expect(dry.code).toBe(1);
    expect(dry.stdout.split('\n')).toEqual([
      expect.stringMatching(
        /^would fail .*\/x{100} -> s3:\/\/bkt\/odd\/0{200}.* \(.*the object key is 1109 bytes of UTF-8; GCS and S3 allow 1024 \[PARTPUSH_INVALID_DESTINATION\]\)$/,
      ),
      `would upload ${join(odd, 'ok')} -> s3://bkt/odd/ok`,
      `would skip ${join(odd, 'link')} (link not followed)`,
      `would skip ${join(odd, 'fifo')} (not a regular file)`,
      '',
    ]);
    expect(dry.stderr).toBe(`partpush: ${join(odd, 'fifo')}: skipped: not a regular file (a FIFO, socket or device)\n`);
    rmSync(join(odd, '0'.repeat(200)), { recursive: true });
    const run = await runCli(['cp', '-r', odd, 's3://bkt/odd/'], env());
    expect(run.code).toBe(0);
    expect(unwrapped(run.stdout)).toMatch(/; 1 link\(s\) not followed; 1 not regular\n$/);
    const json = JSON.parse((await runCli(['cp', '-r', odd, 's3://bkt/odd/', '--json'], env())).stdout);
    expect([json.links, json.special]).toEqual([[join(odd, 'link')], [join(odd, 'fifo')]]);
  });

  it('follows symbolic links only when asked', async () => {
    const run = await runCli(['cp', '-r', join(tree, 'a'), 's3://bkt/links/', '--follow-symlinks', '--json'], env());
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).links).toEqual([]);
    expect((await readObject(objectUrl('links/link-out'))).status).toBe(200);
  });

  it('with --follow-symlinks, a link to nothing and a loop of links are named as unreadable (exit 1), the rest sent', async () => {
    const dir = join(temp.dir, 'broken-links');
    mkdirSync(dir);
    writeFileSync(join(dir, 'ok'), 'ok');
    symlinkSync('/nonexistent/target', join(dir, 'dangling'));
    symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
    symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
    const run = await runCli(['cp', '-r', dir, 's3://bkt/broken-links/', '--follow-symlinks', '--json'], env());
    expect(run.code, run.stderr).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ uploaded: 1, links: [] });
    expect(json.unreadable).toEqual([
      {
        path: join(dir, 'dangling'),
        reason: 'a symbolic link to /nonexistent/target, which does not exist',
        code: 'PARTPUSH_SOURCE_UNREADABLE',
      },
      { path: join(dir, 'loop-a'), reason: 'a loop of symbolic links', code: 'PARTPUSH_SOURCE_UNREADABLE' },
      { path: join(dir, 'loop-b'), reason: 'a loop of symbolic links', code: 'PARTPUSH_SOURCE_UNREADABLE' },
    ]);
    expect(run.stderr).toContain(
      `${join(dir, 'dangling')}: cannot read: a symbolic link to /nonexistent/target, which does not exist [PARTPUSH_SOURCE_UNREADABLE]`,
    );
    // Not followed, a broken link is one more link left alone: exit 0.
    const plain = await runCli(['cp', '-r', dir, 's3://bkt/broken-links-plain/', '--json'], env());
    expect(plain.code, plain.stderr).toBe(0);
    expect(JSON.parse(plain.stdout).links).toHaveLength(3);
  });

  it('sends several files to a prefix, each under its base name', async () => {
    const one = files.get('index.html')!;
    const two = files.get('a/big.img')!;
    const run = await runCli(['cp', one.path, two.path, 'gs://bkt/several/'], env());
    expect(run.code).toBe(0);
    expect(unwrapped(run.stdout)).toMatch(/^uploaded 2 files \(40\.0 MiB\) to gs:\/\/bkt\/several\/ in/);
    expect((await readObject(objectUrl('several/index.html'))).sha256).toBe(one.sha256);
    expect((await readObject(objectUrl('several/big.img'))).sha256).toBe(two.sha256);
  });

  it('sends one file to DEST/ under its base name', async () => {
    const one = files.get('with space/data.json')!;
    const run = await runCli(['cp', one.path, 's3://bkt/single/', '--json'], env());
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).destination).toBe('s3://bkt/single/data.json');
    expect((await readObject(objectUrl('single/data.json'))).sha256).toBe(one.sha256);
  });

  it.each([
    [
      () => ['-r', files.get('index.html')!.path, 's3://bkt/x/'],
      /^partpush: -r takes directories, and .*index\.html is a file: drop -r to upload files/,
    ],
    [() => [tree, 's3://bkt/x'], /^partpush: .*\/out is a directory: add -r \(--recursive\) to upload every file under it/],
    [() => ['-r', tree, 's3://bkt/x/', '--resume'], /^partpush: --resume takes one file/],
  ])('refuses bad sources with one line and exit 2 (%#)', async (args, message) => {
    const run = await runCli(['cp', ...args()], env());
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });
});
