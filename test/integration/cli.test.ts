import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../dist/src/index.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';
import { readObject } from '../helpers/read-object.js';
import { runCli, startServeProcess, unwrapped } from '../helpers/run-cli.js';

const MiB = 1024 * 1024;
const temp = makeTempDir();
let big: TestFile;
let serve: Awaited<ReturnType<typeof startServeProcess>>;

beforeAll(async () => {
  big = makeRandomFile(temp.dir, 'one-gib.img', 1024 * MiB);
  serve = await startServeProcess(['--tls', '--bucket', 'demo']);
});
afterAll(async () => {
  await serve?.stop();
  temp.remove();
});

describe('partpush cp to partpush serve, as a user runs it', () => {
  it.each(['workers', 'inline'])('uploads 1 GiB in %s mode and prints one JSON object', async (mode) => {
    const run = await runCli([
      'cp',
      big.path,
      `s3://demo/cli-${mode}.img`,
      '--endpoint',
      serve.url,
      '--ca',
      serve.ca!,
      '--no-auth',
      '--mode',
      mode,
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]!);
    expect(result).toMatchObject({
      destination: `s3://demo/cli-${mode}.img`,
      size: 1024 * MiB,
      mode,
      protocol: 'h2',
    });
    // The default part size, or one re-planned for the lanes (8 MiB and up) where the probe timed 5 ms or more.
    if (result.rttMs < 5) expect(result).toMatchObject({ partSize: 32 * MiB, partCount: 32 });
    else expect(result.partSize).toBeGreaterThanOrEqual(8 * MiB);
    expect(result.partCount).toBeGreaterThan(1);
    expect(result.seconds).toBeGreaterThan(0);
    expect(result.bytesPerSecond).toBeGreaterThan(0);
    const stored = await readObject(`${serve.url}/demo/cli-${mode}.img`, { ca: readFileSync(serve.ca!, 'utf8') });
    expect(stored.sha256).toBe(big.sha256);
  });

  it('prints a one-line summary without --json', async () => {
    const small = makeRandomFile(temp.dir, 'small.img', 11 * MiB);
    const run = await runCli([
      'cp',
      small.path,
      'gs://demo/small.img',
      '--endpoint',
      serve.url,
      '--ca',
      serve.ca!,
      '--no-auth',
      '--part-size',
      '5MiB',
    ]);
    expect(run.code).toBe(0);
    expect(unwrapped(run.stdout)).toMatch(
      /^uploaded 11\.0 MiB(?: to gs:\/\/demo\/small\.img)? in [\d.]+ s \([\d.]+ MiB\/s\), 3 parts, crc32c verified\n$/,
    );
  });
});

describe('partpush cp failures: one line, non-zero exit', () => {
  it('a part refused by the store: exit 1, typed error, upload aborted', async () => {
    const emu = await startEmulator({ buckets: ['bkt'] });
    emu.faults.add({ action: 'part', partNumber: 2, fault: { kind: 'status', status: 403, code: 'AccessDenied' } });
    const small = makeRandomFile(temp.dir, 'refused.img', 12 * MiB);
    try {
      const run = await runCli(['cp', small.path, 's3://bkt/k', '--endpoint', emu.url, '--no-auth', '--part-size', '5MiB']);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^partpush: part 2: the store answered HTTP 403 \(AccessDenied.*\[PARTPUSH_SERVICE_ERROR\]\n$/);
      expect(emu.requests.map((r) => r.action)).toContain('abort');
      expect(emu.pendingUploads()).toBe(0);
    } finally {
      await emu.close();
    }
  });

  it('with --json, the failure is one JSON object too', async () => {
    const run = await runCli(['cp', '/no/such/file', 's3://bkt/k', '--no-auth', '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'PARTPUSH_SOURCE_UNREADABLE' } });
  });

  it.each([
    [['cp', '/no/such/file', 's3://bkt/k', '--no-auth'], 1, /cannot read \/no\/such\/file: no such file/],
    [['cp', 'a'], 2, /cp takes a source \(a file, "-" for stdin, or a directory with -r\) and a destination, got 1 argument/],
    [['cp', 'a', 'b', '--workers', 'many'], 2, /--workers takes a whole number/],
    [['cp', 'a', 'b', '--bogus'], 2, /^partpush: unknown option --bogus \(see "partpush cp --help"\)$/m],
    [['cp', '/etc/hostname', 'http://b/k', '--no-auth'], 2, /unknown scheme "http:\/\/"/],
    [['cp', '/etc/hostname', 's3://bkt/k', '--no-auth', '--part-size', '1GB0'], 2, /--part-size|part size/],
    [
      ['cp', '/etc/hostname', 's3://bkt/k', '--no-auth', '--checksum', 'md5'],
      2,
      /--checksum must be "auto", "crc32c", "crc32c-header" or "none", got "md5"/,
    ],
    [
      ['cp', '/etc/hostname', 's3://bkt/k', '--no-auth', '--worker-nice', '20'],
      2,
      /^partpush: --worker-nice must be a whole number from 0 to 19, got 20 \[PARTPUSH_INVALID_OPTION\]$/m,
    ],
    [
      ['cp', '/etc/hostname', 's3://bkt/k', '--no-auth', '--mode', 'inline', '--worker-nice', '5'],
      2,
      /^partpush: --worker-nice lowers the priority of worker threads; inline mode has none/,
    ],
    [['frobnicate'], 2, /unknown command "frobnicate"/],
  ])('partpush %j exits %i', async (args, code, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it("help reads like a Unix tool's", async () => {
    const main = await runCli(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(
      /Usage:\n {2}partpush cp <file \| -> <gs:\/\/bucket\/key \| s3:\/\/bucket\/key> \[options\]\n {2}partpush cp <file>\.\.\. \| -r <dir>\.\.\. /,
    );
    const cp = await runCli(['cp', '--help']);
    expect(cp.code).toBe(0);
    for (const flag of [
      '--endpoint',
      '--mode',
      '--workers',
      '--streams',
      '--worker-nice',
      '--part-size',
      '--http',
      '--checksum',
      '--no-auth',
      '--ca',
      '--json',
      '--expected-size',
      '--content-type',
      '--cache-control',
      '--metadata',
      '--storage-class',
      '--no-clobber',
      '--recursive',
      '--follow-symlinks',
    ]) {
      expect(cp.stdout).toContain(flag);
    }
    const serveHelp = await runCli(['serve', '--help']);
    for (const flag of ['--host', '--port', '--tls', '--h2c', '--dir', '--memory', '--discard', '--bucket', '--min-part-size', '--json']) {
      expect(serveHelp.stdout).toContain(flag);
    }
  });
});
