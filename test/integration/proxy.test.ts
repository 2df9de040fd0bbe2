import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PartpushError, startEmulator, upload, type UploadOptions } from '../../dist/src/index.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';
import { readObject } from '../helpers/read-object.js';
import { runCli } from '../helpers/run-cli.js';
import { until } from '../helpers/until.js';
import { freePort } from '../servers/server-processes.js';
import { SQUID_INSTALL_HINT, squidAvailable, startSquid, type RunningSquid } from '../servers/squid-server.js';

/**
 * Uploads through a real Squid (Debian's `squid`, installed by .ci/run) on loopback, to the
 * emulator over TLS (HTTP/2 and HTTP/1.1 inside CONNECT tunnels) and in cleartext (proxied
 * requests). Squid's access log is the witness: a tunnel per session, the proxied PUTs, nothing at
 * all when NO_PROXY exempts the store. Without Squid the file skips, except under CI=true.
 */
const IN_CI = process.env.CI === 'true';
const missing = squidAvailable() ? undefined : SQUID_INSTALL_HINT;
if (missing && !IN_CI) console.warn(`proxy tests skipped: they need ${missing}`);
if (missing && IN_CI) throw new Error(`CI needs ${missing} for the proxy tests`);

const MiB = 1024 * 1024;
const PASSWORD = 'pr0xy-s3cret-7731';
const temp = makeTempDir();
let file: TestFile;
/** For what a single PUT shows as well as a multipart upload: bypasses, errors, the CLI. */
let small: TestFile;
let tlsStore: Awaited<ReturnType<typeof startEmulator>>;
let plainStore: Awaited<ReturnType<typeof startEmulator>>;
let squid: RunningSquid;
let guardedSquid: RunningSquid;
let refusingSquid: RunningSquid;
let writeRefusingSquid: RunningSquid;
let guardedStore: Awaited<ReturnType<typeof startEmulator>>;
const caFile = join(temp.dir, 'store-ca.pem');

beforeAll(async () => {
  if (missing) return;
  file = makeRandomFile(temp.dir, 'snapshot.img', 24 * MiB);
  small = makeRandomFile(temp.dir, 'small.img', 3 * MiB);
  [tlsStore, plainStore, guardedStore] = await Promise.all([
    startEmulator({ tls: true, buckets: ['bkt'] }),
    startEmulator({ buckets: ['bkt'] }),
    startEmulator({ buckets: ['bkt'], keys: { AKIDPROXYTEST: 'proxy-test-secret' } }),
  ]);
  [squid, guardedSquid, refusingSquid, writeRefusingSquid] = await Promise.all([
    startSquid(),
    startSquid({ user: { name: 'alice', password: PASSWORD } }),
    startSquid({ refusePorts: [Number(new URL(tlsStore.url).port), Number(new URL(plainStore.url).port)] }),
    startSquid({ refuseMethods: ['PUT', 'POST'] }),
  ]);
  writeFileSync(caFile, tlsStore.ca!);
});
afterAll(async () => {
  await Promise.all(
    [squid, guardedSquid, refusingSquid, writeRefusingSquid, tlsStore, plainStore, guardedStore].map((server) =>
      server && 'stop' in server ? server.stop() : server?.close(),
    ),
  );
  temp.remove();
});

const connects = (proxy: RunningSquid) => proxy.requests().filter((r) => r.method === 'CONNECT');

describe.skipIf(missing !== undefined && !IN_CI)('uploads through an HTTP proxy (Squid)', () => {
  it.each([
    { dialect: 's3', mode: 'workers', http: 'auto', protocol: 'h2' },
    { dialect: 'gs', mode: 'inline', http: 'auto', protocol: 'h2' },
    { dialect: 's3', mode: 'inline', http: '1.1', protocol: 'h1' },
    { dialect: 'gs', mode: 'workers', http: '1.1', protocol: 'h1' },
  ] as const)('$dialect://, $mode, https with $protocol inside a tunnel per session', async ({ dialect, mode, http, protocol }) => {
    const before = connects(squid).length;
    const connectionsBefore = tlsStore.connections.length;
    const key = `${dialect}-${mode}-${http}.img`;
    const workers = 2;
    const streamsPerWorker = 2;
    const result = await upload(file.path, `${dialect}://bkt/${key}`, {
      endpoint: tlsStore.url,
      ca: tlsStore.ca,
      auth: 'none',
      env: { HTTPS_PROXY: squid.url },
      mode,
      http,
      workers,
      streamsPerWorker,
      // One session per worker, as asked: 'auto' may open more sessions (or move to HTTP/1.1) when a
      // loaded machine makes the loopback round trip look long, and this test is about tunnels per
      // session, not about how many sessions the auto shape picks (that is sending-shape's test).
      connections: 1,
      partSize: 5 * MiB,
    } satisfies UploadOptions);
    expect(result).toMatchObject({ protocol, proxy: squid.url, partCount: 5 });
    const stored = await readObject(`${tlsStore.url}/bkt/${key}`, { ca: tlsStore.ca });
    expect(stored.sha256).toBe(file.sha256);
    // Every connection the store saw came through a tunnel (Squid logs one when it closes), and
    // tunnels are sessions: the probe's, the control calls', and each thread's, not one per part.
    const opened = tlsStore.connections.length - connectionsBefore;
    await until(() => connects(squid).length - before >= opened, `${opened} CONNECTs in Squid's log`);
    const tunnels = connects(squid).slice(before);
    expect(tunnels.length).toBe(opened);
    expect(tunnels.every((t) => t.url === new URL(tlsStore.url).host && t.status === 200)).toBe(true);
    // A tunnel carries a session's requests, not one part: some carried several.
    const carried = tlsStore.connections.slice(connectionsBefore).map((c) => c.requests);
    expect(Math.max(...carried)).toBeGreaterThan(1);
    if (protocol === 'h2') expect(tunnels.length).toBeLessThan(result.partCount);
  });

  it('sends an http:// store proxied requests (HTTP_PROXY), the bytes exact', async () => {
    const before = squid.requests().length;
    const result = await upload(file.path, 's3://bkt/plain.img', {
      endpoint: plainStore.url,
      auth: 'none',
      env: { HTTP_PROXY: squid.url, HTTPS_PROXY: 'http://127.0.0.1:9' },
      partSize: 5 * MiB,
    });
    expect(result).toMatchObject({ protocol: 'h1', proxy: squid.url });
    expect((await readObject(`${plainStore.url}/bkt/plain.img`)).sha256).toBe(file.sha256);
    await until(() => squid.requests().length - before >= 7, 'the PUTs and POSTs in Squid log');
    const seen = squid.requests().slice(before);
    const puts = seen.filter((r) => r.method === 'PUT' && r.url.startsWith(`${plainStore.url}/bkt/plain.img?`) && r.status === 200);
    expect(new Set(puts.map((r) => r.url)).size).toBe(5);
    expect(seen.filter((r) => r.method === 'POST').length).toBe(2); // initiate and complete
  });

  it.each([
    ['NO_PROXY with the address', () => ({ env: { HTTPS_PROXY: squid.url, NO_PROXY: '127.0.0.1' } })],
    ['no_proxy with a CIDR range', () => ({ env: { https_proxy: squid.url, no_proxy: '10.0.0.0/8, 127.0.0.0/8' } })],
    ['NO_PROXY=*', () => ({ env: { HTTPS_PROXY: squid.url, NO_PROXY: '*' } })],
    ['NO_PROXY with host:port', () => ({ env: { HTTPS_PROXY: squid.url, NO_PROXY: new URL(tlsStore.url).host } })],
    ['NO_PROXY against an explicit proxy', () => ({ env: { NO_PROXY: 'localhost,127.0.0.1' }, proxy: squid.url })],
    ['proxy: false (--no-proxy)', () => ({ env: { HTTPS_PROXY: squid.url }, proxy: false as const })],
  ])('goes direct, Squid sees nothing: %s', async (_, setting) => {
    const before = squid.requests().length;
    const result = await upload(small.path, 's3://bkt/direct.img', {
      endpoint: tlsStore.url,
      ca: tlsStore.ca,
      auth: 'none',
      partSize: 5 * MiB,
      ...setting(),
    });
    expect(result.proxy).toBeUndefined();
    expect((await readObject(`${tlsStore.url}/bkt/direct.img`, { ca: tlsStore.ca })).sha256).toBe(small.sha256);
    await new Promise((resolve) => setTimeout(resolve, 300)); // a tunnel would be logged by now
    expect(squid.requests().length).toBe(before);
  });

  it('fails when the proxy is down, naming it, and never uploads directly instead', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const requestsBefore = tlsStore.requests.length;
    const failure = await upload(small.path, 's3://bkt/never.img', {
      endpoint: tlsStore.url,
      ca: tlsStore.ca,
      auth: 'none',
      env: { HTTPS_PROXY: dead },
      partSize: 5 * MiB,
    }).catch((error: unknown) => error as PartpushError);
    expect(failure).toBeInstanceOf(PartpushError);
    expect(failure).toMatchObject({ code: 'PARTPUSH_PROXY_ERROR', causeCode: 'ECONNREFUSED', proxy: dead });
    expect((failure as PartpushError).message).toContain(`cannot reach the proxy ${dead}`);
    expect(tlsStore.requests.length).toBe(requestsBefore);
  });

  it('names the proxy when it goes away mid-upload (an http:// store, proxied requests), and the upload that may be left', async () => {
    // A forward proxy that can vanish at once, its connections cut (Squid shuts down gracefully).
    const sockets = new Set<import('node:net').Socket>();
    const proxy = createHttpServer((req, res) => {
      const forwarded = httpRequest(req.url!, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      });
      forwarded.on('error', () => res.destroy());
      req.pipe(forwarded);
    });
    proxy.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    let gone = false;
    const failure = await upload(file.path, 's3://bkt/proxy-gone.img', {
      endpoint: plainStore.url,
      auth: 'none',
      env: { HTTP_PROXY: proxyUrl },
      partSize: 5 * MiB,
      workers: 1,
      streamsPerWorker: 1,
      retry: { maxAttempts: 2, baseDelayMs: 10 },
      progressIntervalMs: 5,
      onProgress: (p) => {
        if (gone || p.partsDone < 1) return;
        gone = true;
        proxy.close();
        for (const socket of sockets) socket.destroy();
      },
    }).catch((error: unknown) => error as PartpushError);
    expect(gone).toBe(true);
    expect(failure).toMatchObject({ code: 'PARTPUSH_PROXY_ERROR', proxy: proxyUrl });
    expect((failure as PartpushError).message).toContain(`cannot reach the proxy ${proxyUrl}`);
    // Its abort could not go through the proxy either: the upload is named with the command that aborts it.
    expect((failure as PartpushError).message).toMatch(/abort it with aws s3api abort-multipart-upload --endpoint-url/);
  });

  it('says a CONNECT the proxy refuses (403) in one line, without retrying it', async () => {
    const failure = await upload(small.path, 's3://bkt/refused.img', {
      endpoint: tlsStore.url,
      ca: tlsStore.ca,
      auth: 'none',
      proxy: refusingSquid.url,
      env: {}, // not vitest's NO_PROXY for loopback, which exempts from an explicit proxy too
      partSize: 5 * MiB,
    }).catch((error: unknown) => error as PartpushError);
    expect(failure).toMatchObject({ code: 'PARTPUSH_PROXY_ERROR', status: 403, retryable: false, proxy: refusingSquid.url });
    expect((failure as PartpushError).message).toContain(
      `the proxy ${refusingSquid.url} refused the connection to ${new URL(tlsStore.url).host}`,
    );
    // The probe's CONNECT and the control connection's, dialled beside it; no retries.
    expect(connects(refusingSquid).length).toBeLessThanOrEqual(2);
  });

  it("tells the proxy's own 403 to a proxied http:// request from the store's, without retrying it", async () => {
    const requestsBefore = plainStore.requests.length;
    const failure = await upload(small.path, 's3://bkt/refused-plain.img', {
      endpoint: plainStore.url,
      auth: 'none',
      proxy: refusingSquid.url,
      env: {},
      partSize: 5 * MiB,
    }).catch((error: unknown) => error as PartpushError);
    expect(failure).toMatchObject({ code: 'PARTPUSH_PROXY_ERROR', status: 403, retryable: false, proxy: refusingSquid.url });
    expect((failure as PartpushError).message).toContain(`the proxy ${refusingSquid.url} refused`);
    expect((failure as PartpushError).message).toContain('X-Squid-Error: ERR_ACCESS_DENIED');
    expect(plainStore.requests.length).toBe(requestsBefore);
    // The probe's one request, refused; nothing tried again.
    await until(() => refusingSquid.requests().some((r) => r.url.startsWith(plainStore.url)), 'the refused request in the log');
    expect(refusingSquid.requests().filter((r) => r.url.startsWith(plainStore.url))).toEqual([
      { method: 'HEAD', url: `${plainStore.url}/`, status: 403 },
    ]);
  });

  it("says so when the proxy refuses the upload's own requests (403 to POST and PUT), once, as no store fault", async () => {
    const before = writeRefusingSquid.requests().length;
    const failure = await upload(small.path, 's3://bkt/refused-writes.img', {
      endpoint: plainStore.url,
      auth: 'none',
      proxy: writeRefusingSquid.url,
      env: {},
      partSize: 5 * MiB,
    }).catch((error: unknown) => error as PartpushError);
    expect(failure).toMatchObject({ code: 'PARTPUSH_PROXY_ERROR', status: 403, retryable: false });
    expect((failure as PartpushError).message).toContain(
      'the proxy answered HTTP 403 itself, not the store (X-Squid-Error: ERR_ACCESS_DENIED',
    );
    expect(plainStore.requests.filter((r) => r.key === 'refused-writes.img')).toEqual([]);
    await until(() => writeRefusingSquid.requests().length - before >= 2, 'the probe and the refused write in the log');
    const writes = writeRefusingSquid
      .requests()
      .slice(before)
      .filter((r) => r.method === 'POST' || r.method === 'PUT');
    expect(writes).toHaveLength(1); // the single PUT (3 MiB, one part), refused, not retried
    expect(writes[0]!.status).toBe(403);
  });

  it("keeps the store's own 403, relayed by the proxy, a store error", async () => {
    const failure = await upload(small.path, 's3://bkt/unsigned.img', {
      endpoint: guardedStore.url,
      auth: 'none',
      proxy: squid.url,
      env: {},
      partSize: 5 * MiB,
    }).catch((error: unknown) => error as PartpushError);
    expect(failure).toMatchObject({ code: 'PARTPUSH_SERVICE_ERROR', status: 403, serviceCode: 'AccessDenied', retryable: false });
    expect(guardedStore.requests.some((r) => r.key === 'unsigned.img' && r.status === 403)).toBe(true);
  });
});

describe.skipIf(missing !== undefined && !IN_CI)('a proxy with Basic authentication (basic_ncsa_auth)', () => {
  const withUser = (password: string) => guardedSquid.url.replace('//', `//alice:${password}@`);
  const cp = (key: string, extra: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(
      ['cp', small.path, `s3://bkt/${key}`, '--endpoint', tlsStore.url, '--ca', caFile, '--no-auth', '--part-size', '5MiB', ...extra],
      { HTTPS_PROXY: '', https_proxy: '', HTTP_PROXY: '', http_proxy: '', NO_PROXY: '', no_proxy: '', ...env },
    );

  it('uploads with the right password from HTTPS_PROXY, the password in no output', async () => {
    // --connections 1 keeps HTTP/2 as negotiated ('auto' may move to HTTP/1.1 on a loaded machine).
    const run = await cp('authed.img', ['--json', '--verbose', '--connections', '1'], { HTTPS_PROXY: withUser(PASSWORD) });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ proxy: guardedSquid.url, protocol: 'h2' });
    expect(run.stderr).toContain(`through the proxy ${guardedSquid.url}`);
    expect(`${run.stdout}${run.stderr}`).not.toContain(PASSWORD);
    expect(`${run.stdout}${run.stderr}`).not.toContain(Buffer.from(`alice:${PASSWORD}`).toString('base64'));
    expect((await readObject(`${tlsStore.url}/bkt/authed.img`, { ca: tlsStore.ca })).sha256).toBe(small.sha256);
    await until(() => connects(guardedSquid).some((r) => r.status === 200), 'a tunnel in the log');
  });

  it('fails in one line naming the proxy on a wrong password (--proxy), the password in no output', async () => {
    const wrong = 'wr0ng-guess-5512';
    for (const extra of [['--json', '--verbose'], []]) {
      const run = await cp('wrong.img', ['--proxy', withUser(wrong), ...extra]);
      expect(run.code).toBe(1);
      const output = `${run.stdout}${run.stderr}`;
      expect(output).not.toContain(wrong);
      expect(output).not.toContain(Buffer.from(`alice:${wrong}`).toString('base64'));
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`the proxy ${guardedSquid.url} refused the user name and password`);
      expect(lines[0]).toContain('407');
      expect(lines[0]).toContain('PARTPUSH_PROXY_ERROR');
      if (extra.includes('--json')) expect(JSON.parse(run.stdout).error.code).toBe('PARTPUSH_PROXY_ERROR');
    }
  });

  it('asks for credentials when the proxy URL has none', async () => {
    const run = await cp('none.img', ['--proxy', guardedSquid.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`the proxy ${guardedSquid.url} asks for a user name and password`);
  });
});

it.skipIf(missing !== undefined && !IN_CI)('keeps the proxy password out of an invalid-proxy message', async () => {
  const run = await runCli(['cp', join(temp.dir, 'x'), 's3://bkt/x', '--proxy', `socks5://alice:${PASSWORD}@127.0.0.1:1080`, '--no-auth']);
  expect(run.code).not.toBe(0);
  expect(run.stderr).toContain('socks5');
  expect(run.stderr).not.toContain(PASSWORD);
});

describe.skipIf(missing !== undefined && !IN_CI)('credential traffic', () => {
  const noProxyEnv = { HTTPS_PROXY: '', https_proxy: '', HTTP_PROXY: '', http_proxy: '', NO_PROXY: '', no_proxy: '' };
  const googleEnv = (home: string) => ({
    ...noProxyEnv,
    GOOGLE_APPLICATION_CREDENTIALS: '',
    STORAGE_EMULATOR_HOST: '',
    HOME: home,
    CLOUDSDK_CONFIG: home,
  });

  it('goes to the GCE metadata server directly, while the store is reached through the proxy', async () => {
    let issued = 0;
    const metadata = createHttpServer((req, res) => {
      res.setHeader('Metadata-Flavor', 'Google');
      if (req.url?.startsWith('/computeMetadata/v1/instance/service-accounts/default/token')) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ access_token: `ya29.metadata-${++issued}`, expires_in: 3600, token_type: 'Bearer' }));
      } else {
        res.statusCode = 404;
        res.end();
      }
    }).listen(0, '127.0.0.1');
    await once(metadata, 'listening');
    const metadataHost = `127.0.0.1:${(metadata.address() as AddressInfo).port}`;
    try {
      const before = squid.requests().length;
      const run = await runCli(['cp', small.path, 'gs://bkt/adc.img', '--endpoint', tlsStore.url, '--ca', caFile, '--json'], {
        ...googleEnv(join(temp.dir, 'home-a')),
        GCE_METADATA_HOST: metadataHost,
        METADATA_SERVER_DETECTION: 'assume-present',
        HTTPS_PROXY: squid.url,
        HTTP_PROXY: squid.url,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(issued).toBeGreaterThanOrEqual(1);
      await until(() => connects(squid).length > 0 && squid.requests().length > before, 'the tunnel to the store in the log');
      const seen = squid.requests().slice(before);
      expect(seen.some((r) => r.method === 'CONNECT' && r.url === new URL(tlsStore.url).host)).toBe(true);
      expect(seen.filter((r) => r.url.includes(metadataHost))).toEqual([]);
    } finally {
      metadata.close();
    }
  });

  it('goes to EC2 instance metadata (IMDS) directly, while the store is reached through the proxy', async () => {
    const served: string[] = [];
    const imds = createHttpServer((req, res) => {
      served.push(`${req.method} ${req.url}`);
      if (req.method === 'PUT' && req.url === '/latest/api/token') return res.end('imds-token');
      if (req.headers['x-aws-ec2-metadata-token'] !== 'imds-token') {
        res.statusCode = 401;
        return res.end();
      }
      if (req.url === '/latest/meta-data/iam/security-credentials/') return res.end('uploader-role');
      if (req.url === '/latest/meta-data/iam/security-credentials/uploader-role') {
        res.setHeader('content-type', 'application/json');
        const expiration = new Date(Date.now() + 3600_000).toISOString();
        return res.end(
          JSON.stringify({
            Code: 'Success',
            AccessKeyId: 'AKIDIMDS',
            SecretAccessKey: 'imds-secret',
            Token: 'imds-session',
            Expiration: expiration,
          }),
        );
      }
      res.statusCode = 404;
      res.end();
    }).listen(0, '127.0.0.1');
    await once(imds, 'listening');
    const imdsHost = `127.0.0.1:${(imds.address() as AddressInfo).port}`;
    try {
      const before = squid.requests().length;
      const run = await runCli(['cp', small.path, 's3://bkt/imds.img', '--endpoint', tlsStore.url, '--ca', caFile, '--json'], {
        ...noProxyEnv,
        HTTPS_PROXY: squid.url,
        HTTP_PROXY: squid.url,
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_SESSION_TOKEN: '',
        AWS_PROFILE: '',
        AWS_CONFIG_FILE: join(temp.dir, 'no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(temp.dir, 'no-aws-credentials'),
        AWS_WEB_IDENTITY_TOKEN_FILE: '',
        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
        AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
        AWS_EC2_METADATA_DISABLED: '',
        AWS_EC2_METADATA_SERVICE_ENDPOINT: `http://${imdsHost}`,
        AWS_REGION: 'us-east-1',
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ proxy: squid.url });
      // The credentials came from the metadata server, straight: it answered, Squid never saw it.
      expect(served).toContain('GET /latest/meta-data/iam/security-credentials/uploader-role');
      expect(tlsStore.requests.some((r) => r.key === 'imds.img' && r.accessKeyId === 'AKIDIMDS')).toBe(true);
      await until(() => connects(squid).length > 0 && squid.requests().length > before, 'the tunnel to the store in the log');
      const seen = squid.requests().slice(before);
      expect(seen.some((r) => r.method === 'CONNECT' && r.url === new URL(tlsStore.url).host)).toBe(true);
      expect(seen.filter((r) => r.url.includes(imdsHost))).toEqual([]);
    } finally {
      imds.close();
    }
  });

  it("sends a service account's token request (OAuth) through the proxy", async () => {
    // The token endpoint is Google's own (google-auth-library takes no other from a key file):
    // whether Squid reaches it (CI with a way out: Google refuses the made-up key) or not (here),
    // its log shows the tunnel the request went through, and nothing went out directly.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = join(temp.dir, 'service-account.json');
    writeFileSync(
      keyFile,
      JSON.stringify({
        type: 'service_account',
        project_id: 'partpush-test',
        private_key_id: 'k1',
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
        client_email: 'uploader@partpush-test.iam.gserviceaccount.com',
        client_id: '1',
      }),
    );
    const before = squid.requests().length;
    const run = await runCli(['cp', small.path, 'gs://bkt/sa.img', '--endpoint', tlsStore.url, '--ca', caFile, '--json'], {
      ...googleEnv(join(temp.dir, 'home-b')),
      GOOGLE_APPLICATION_CREDENTIALS: keyFile,
      HTTPS_PROXY: squid.url,
    });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).error.code).toBe('PARTPUSH_AUTH_FAILED');
    await until(
      () =>
        squid
          .requests()
          .slice(before)
          .some((r) => r.method === 'CONNECT' && r.url === 'oauth2.googleapis.com:443'),
      'the tunnel to the token endpoint in the log',
    );
  });

  it('sends AWS STS (web identity) through the proxy', async () => {
    // As above: Squid's log shows the tunnel to STS whether or not STS can be reached from here.
    const tokenFile = join(temp.dir, 'web-identity-token');
    writeFileSync(tokenFile, 'eyJhbGciOiJub25lIn0.e30.');
    const before = squid.requests().length;
    const run = await runCli(['cp', small.path, 's3://bkt/sts.img', '--endpoint', tlsStore.url, '--ca', caFile, '--json'], {
      ...noProxyEnv,
      HTTPS_PROXY: squid.url,
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SESSION_TOKEN: '',
      AWS_PROFILE: '',
      AWS_CONFIG_FILE: join(temp.dir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(temp.dir, 'no-aws-credentials'),
      AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
      AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/uploader',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).error.code).toBe('PARTPUSH_AUTH_FAILED');
    await until(
      () =>
        squid
          .requests()
          .slice(before)
          .some((r) => r.method === 'CONNECT' && /^sts\.([a-z0-9-]+\.)?amazonaws\.com:443$/.test(r.url)),
      'the tunnel to STS in the log',
    );
  });
});
