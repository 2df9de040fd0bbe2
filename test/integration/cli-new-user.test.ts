/**
 * The CLI as a new user meets it: the mistakes people make on the way to a first upload, each
 * answered at once in one line (and with --json, one JSON object), with the fix.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import selfsigned from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../dist/src/emulator/index.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';
import { readObject } from '../helpers/read-object.js';
import { CLI, runCli, startServeProcess, type CliRun, unwrapped } from '../helpers/run-cli.js';

const MiB = 1024 * 1024;
const temp = makeTempDir();
let file: TestFile;
let tiny: TestFile;
let plain: Emulator;
let tls: Emulator;
let h2c: Emulator;
beforeAll(async () => {
  file = makeRandomFile(temp.dir, 'source.bin', 11 * MiB);
  tiny = makeRandomFile(temp.dir, 'one-byte.bin', 1);
  [plain, tls, h2c] = await Promise.all([
    startEmulator({ buckets: ['bkt'] }),
    startEmulator({ tls: true, buckets: ['bkt'] }),
    startEmulator({ h2c: true, buckets: ['bkt'] }),
  ]);
});
afterAll(async () => {
  await Promise.all([plain.close(), tls.close(), h2c.close()]);
  temp.remove();
});

/** Lines a run printed on a stream, without the trailing newline. */
const lines = (text: string) => text.split('\n').filter((line) => line !== '');
/** One line on stderr, no stack frames. */
function expectOneLine(run: CliRun, code: number, message: RegExp): void {
  expect(run.code, run.stderr).toBe(code);
  expect(lines(run.stderr)).toHaveLength(1);
  expect(run.stderr.trimEnd()).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}
async function timed(args: string[], env?: NodeJS.ProcessEnv): Promise<CliRun & { ms: number }> {
  const started = Date.now();
  const run = await runCli(args, env);
  return { ...run, ms: Date.now() - started };
}

describe('protocol mismatches are caught at the first exchange', () => {
  it('--http auto against an h2c-only server uses h2c', async () => {
    const run = await runCli(['cp', file.path, 's3://bkt/auto-h2c', '--endpoint', h2c.url, '--no-auth', '--part-size', '5M', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ protocol: 'h2c', partCount: 3, partSize: 5 * MiB });
    expect((await readObject(`${h2c.url}/bkt/auto-h2c`, { h2c: true })).sha256).toBe(file.sha256);
  });

  it.each([
    [
      '--http 1.1 to an h2c-only server',
      () => ['--endpoint', h2c.url, '--http', '1.1'],
      /speaks only HTTP\/2 \(h2c\); use --http auto or --http 2/,
    ],
    [
      'http:// to a TLS port',
      () => ['--endpoint', tls.url.replace('https:', 'http:')],
      /speaks TLS, not cleartext HTTP: use https:\/\/127\.0\.0\.1:\d+ \[PARTPUSH_PROTOCOL_UNSUPPORTED\]$/,
    ],
    [
      'https:// to a cleartext port',
      () => ['--endpoint', plain.url.replace('http:', 'https:')],
      /answered in cleartext, not TLS: use http:\/\/127\.0\.0\.1:\d+ \[PARTPUSH_PROTOCOL_UNSUPPORTED\]$/,
    ],
    [
      '--http 2 to an HTTP/1.1-only server',
      () => ['--endpoint', plain.url, '--http', '2'],
      /does not speak cleartext HTTP\/2 \(h2c\); use --http auto or --http 1\.1/,
    ],
  ])('%s: one line with the fix, within seconds, nothing started', async (_name, flags, message) => {
    const before = [plain, tls, h2c].map((e) => e.requests.length);
    const run = await timed(['cp', file.path, 's3://bkt/mismatch', ...flags(), '--no-auth']);
    expectOneLine(run, 1, message);
    expect([plain, tls, h2c].map((e) => e.requests.length)).toEqual(before);
  });
});

describe('serve fails in one line', () => {
  it.each([
    [
      ['--bucket', 'b'],
      2,
      /^partpush: --bucket "b": the name is 1 character long; bucket names have 3 to 63 \(see "partpush serve --help"\)$/,
    ],
    [['--bucket', 'Bad_Bucket'], 2, /--bucket "Bad_Bucket": the name has an uppercase letter \("B"\)/],
    [['--port', '70000'], 2, /--port takes a port number from 0 to 65535/],
    [['--host', 'no-such-host.invalid'], 2, /--host no-such-host\.invalid: not an address of this machine/],
    [['--tls', '--h2c'], 2, /--tls and --h2c exclude each other/],
  ])('partpush serve %j exits %i', async (args, code, message) => {
    expectOneLine(await runCli(['serve', ...args]), code, message);
  });

  it('a port in use: exit 1, and the way out', async () => {
    const busy = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => busy.once('listening', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      expectOneLine(
        await runCli(['serve', '--port', String(port)]),
        1,
        new RegExp(`^partpush: port ${port} on 127\\.0\\.0\\.1 is in use; choose another with --port, or --port 0 for any free one`),
      );
    } finally {
      busy.close();
    }
  });

  it('removes the CA file it wrote, and the object files of --dir, when it stops', async () => {
    const dir = join(temp.dir, 'serve-dir');
    const serve = await startServeProcess(['--tls', '--dir', dir, '--bucket', 'bkt']);
    expect(existsSync(serve.ca!)).toBe(true);
    const run = await runCli([
      'cp',
      file.path,
      's3://bkt/kept',
      '--endpoint',
      serve.url,
      '--ca',
      serve.ca!,
      '--no-auth',
      '--part-size',
      '5MiB',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(dir).length).toBeGreaterThan(0);
    await serve.stop();
    expect(existsSync(serve.ca!)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('cp checks what it can before any request', () => {
  it('a bucket name no store takes', async () => {
    const before = plain.requests.length;
    expectOneLine(
      await runCli(['cp', file.path, 's3://Bad_Bucket/k', '--endpoint', plain.url, '--no-auth']),
      2,
      /^partpush: destination "s3:\/\/Bad_Bucket\/k": the bucket name "Bad_Bucket" has an uppercase letter \("B"\); bucket names use lowercase letters, digits, dots, hyphens and underscores \[PARTPUSH_INVALID_DESTINATION\]$/,
    );
    expect(plain.requests.length).toBe(before);
  });

  it.each([
    [['--workers', '-1'], /^partpush: --workers must be a whole number from 1 to 64, got -1 \[PARTPUSH_INVALID_OPTION\]$/],
    [['--streams', '0'], /^partpush: --streams must be a whole number from 1 to 64, got 0 \[PARTPUSH_INVALID_OPTION\]$/],
    [['--worker', '2'], /^partpush: unknown option --worker; did you mean --workers\? \(see "partpush cp --help"\)$/],
    [['--workers'], /^partpush: --workers needs a value/],
    [['--part-size', '4M'], /^partpush: --part-size must be between 5 MiB and 5 GiB \(the limits of GCS and S3\), got 4\.0 MiB/],
    [['--quiet', '--verbose'], /--quiet and --verbose exclude each other/],
  ])("%j: one line in the flag's own name, exit 2", async (flags, message) => {
    expectOneLine(await runCli(['cp', file.path, 's3://bkt/k', '--endpoint', plain.url, '--no-auth', ...flags]), 2, message);
  });

  it('a --ca file that holds no certificate', async () => {
    const notPem = join(temp.dir, 'not-a-ca.pem');
    writeFileSync(notPem, 'hello\n');
    expectOneLine(
      await runCli(['cp', file.path, 's3://bkt/k', '--endpoint', tls.url, '--ca', notPem, '--no-auth']),
      2,
      /^partpush: --ca .*not-a-ca\.pem holds no PEM certificate/,
    );
  });

  it.each([[['--workers', 'x']], [['--bogus']], [['--ca', '/nope']], [['--part-size', 'lots']]])(
    'with --json, a bad flag (%j) is one JSON object on stdout too',
    async (flags) => {
      const run = await runCli(['cp', file.path, 's3://bkt/k', '--no-auth', '--json', ...flags]);
      expect(run.code).toBe(2);
      expect(lines(run.stdout)).toHaveLength(1);
      expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'PARTPUSH_INVALID_OPTION', message: expect.any(String) } });
    },
  );
});

describe('what cp reports', () => {
  it('M means MiB, as in aws-cli and rclone', async () => {
    const run = await runCli(['cp', file.path, 's3://bkt/mib', '--endpoint', plain.url, '--no-auth', '--part-size', '5M', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ partSize: 5 * MiB, partCount: 3 });
  });

  it('a 1-byte file: the size it was sent in, not the planned part size', async () => {
    const json = await runCli(['cp', tiny.path, 's3://bkt/tiny', '--endpoint', plain.url, '--no-auth', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ size: 1, partSize: 1, partCount: 1, partsReused: 0 });
    const text = await runCli(['cp', tiny.path, 's3://bkt/tiny', '--endpoint', plain.url, '--no-auth']);
    expect(lines(unwrapped(text.stdout))).toEqual([
      expect.stringMatching(
        /^uploaded 1 B(?: to s3:\/\/bkt\/tiny)? in [\d.]+ s \([\d.]+ (?:B|KiB|MiB)\/s\), one request, crc32c verified$/,
      ),
    ]);
  });

  it('--quiet prints nothing when all goes well', async () => {
    const run = await runCli(['cp', file.path, 's3://bkt/quiet', '--endpoint', plain.url, '--no-auth', '-q']);
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('--verbose: a line per protocol choice, connection, retry, start and end, and never a credential', async () => {
    const secret = 'wJalrXUtnFEMI-VERBOSE-SECRET';
    const sessionToken = 'FwoGZXIvYXdzEXAMPLE-VERBOSE-TOKEN';
    plain.faults.add({ action: 'part', partNumber: 2, fault: { kind: 'status', status: 503, code: 'SlowDown' } });
    const run = await runCli(
      ['cp', file.path, 's3://bkt/verbose', '--endpoint', plain.url, '--part-size', '5MiB', '--verbose', '--workers', '1'],
      { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: secret, AWS_SESSION_TOKEN: sessionToken },
    );
    expect(run.code, run.stderr).toBe(0);
    const said = lines(run.stderr);
    expect(said[0]).toBe(`partpush: h1 to ${plain.url} (cleartext HTTP/1.1)`);
    expect(said).toContainEqual(expect.stringMatching(/^partpush: multipart upload started: \S+$/));
    expect(said).toContainEqual(`partpush: connection to ${plain.url} opened (thread 1)`);
    expect(said).toContainEqual(expect.stringMatching(/^partpush: part 2: 503 SlowDown; attempt 2 of 8 in \d+\.\d s$/));
    expect(said.at(-1)).toMatch(/^partpush: completed, ETag \S+$/);
    expect(run.stderr).not.toContain(secret);
    expect(run.stderr).not.toContain(sessionToken);
    expect(lines(run.stdout)).toHaveLength(1);
  });

  it('a retry shows on the progress line, and the line fits a 60-column terminal', async () => {
    plain.faults.add({ action: 'part', partNumber: 1, fault: { kind: 'status', status: 503, code: 'SlowDown', retryAfterSeconds: 2 } });
    // script(1) gives the CLI a terminal of 60 columns, as a user's would be.
    const command = `stty cols 60; ${process.execPath} ${CLI} cp ${file.path} s3://bkt/progress --endpoint ${plain.url} --no-auth --part-size 5MiB --workers 1 --streams 1`;
    const child = spawn('script', ['-qec', command, '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const [status] = (await once(child, 'close')) as [number];
    const tty = { status, stdout: out };
    expect(tty.status, tty.stdout).toBe(0);
    const drawn = tty.stdout
      .split(/\r|\n/)
      .map((line) => line.replace(/\x1b\[K/g, ''))
      .filter((line) => /parts \d+\/3/.test(line));
    expect(drawn.length).toBeGreaterThan(0);
    for (const line of drawn) expect(line.length).toBeLessThanOrEqual(59);
    expect(drawn).toContainEqual(expect.stringMatching(/parts 0\/3 {2}retr/));
    expect(drawn.every((line) => /MiB\/s ETA \S+ parts \d\/3/.test(line))).toBe(true);
  });
});

describe('TLS advice', () => {
  it('a certificate for other names is named as such, not as a missing CA', async () => {
    // A server on loopback whose certificate names only storage.example.test.
    const pems = await selfsigned.generate([{ name: 'commonName', value: 'storage.example.test' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'storage.example.test' }] }],
    });
    const other = await startEmulator({ tls: { cert: pems.cert, key: pems.private }, buckets: ['bkt'] });
    const ca = join(temp.dir, 'other-ca.pem');
    writeFileSync(ca, pems.cert);
    try {
      const run = await runCli(['cp', file.path, 's3://bkt/k', '--endpoint', other.url, '--ca', ca, '--no-auth']);
      expectOneLine(
        run,
        1,
        /the server's certificate is for DNS:storage\.example\.test, not 127\.0\.0\.1; use an endpoint with a name the certificate lists/,
      );
      expect(run.stderr).not.toMatch(/--ca/);
    } finally {
      await other.close();
    }
  });
});

describe('gs:// without credentials', () => {
  it('says what to do in one line, with no MetadataLookupWarning before it', async () => {
    // The metadata server google-auth-library looks for is pointed at a closed port on loopback.
    const closed = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => closed.once('listening', resolve));
    const port = (closed.address() as { port: number }).port;
    closed.close();
    const env = {
      GOOGLE_APPLICATION_CREDENTIALS: '',
      STORAGE_EMULATOR_HOST: '',
      GCE_METADATA_HOST: `127.0.0.1:${port}`,
      HOME: temp.dir,
      CLOUDSDK_CONFIG: temp.dir,
    };
    const run = await runCli(['cp', file.path, 'gs://bkt/k', '--endpoint', plain.url], env);
    expectOneLine(run, 1, /^partpush: no Google credentials .*set GOOGLE_APPLICATION_CREDENTIALS.*\[PARTPUSH_AUTH_FAILED\]$/);
    expect(run.stderr).not.toMatch(/MetadataLookupWarning/);
  });
});
