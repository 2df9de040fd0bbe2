import { createServer } from 'node:http';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { startEmulator, upload, type Emulator } from '../../dist/src/index.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';
import { readObject } from '../helpers/read-object.js';
import { tokenFingerprint } from '../../dist/src/emulator/requests/handle-request.js';

const MiB = 1024 * 1024;
const temp = makeTempDir();
let file: TestFile;
let emu: Emulator;
beforeAll(async () => {
  file = makeRandomFile(temp.dir, 'c.bin', 12 * MiB);
  emu = await startEmulator({ buckets: ['bkt'] });
});
afterAll(async () => {
  await emu.close();
  temp.remove();
});

/** Authorization schemes the server saw on part uploads and on the other calls of the last upload. */
function schemesSince(start: number) {
  const requests = emu.requests.slice(start);
  return {
    parts: new Set(requests.filter((r) => r.action === 'part').map((r) => r.authScheme)),
    control: new Set(requests.filter((r) => r.action !== 'part').map((r) => r.authScheme)),
  };
}

describe('credentials reach the store from the workers, as each dialect expects', () => {
  it.each(['workers', 'inline'] as const)('s3:// signs every request with SigV4 from the AWS variables (%s mode)', async (mode) => {
    const start = emu.requests.length;
    const env = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'eu-west-1' };
    await upload(file.path, 's3://bkt/sig', { endpoint: emu.url, env, mode, partSize: '5MiB', workers: 2 });
    expect(schemesSince(start)).toEqual({ parts: new Set(['AWS4-HMAC-SHA256']), control: new Set(['AWS4-HMAC-SHA256']) });
  });

  it('gs:// sends a bearer token to every part', async () => {
    const start = emu.requests.length;
    await upload(file.path, 'gs://bkt/bearer', {
      endpoint: emu.url,
      auth: { getAccessToken: async () => 'ya29.test-token' },
      partSize: '5MiB',
    });
    expect(schemesSince(start)).toEqual({ parts: new Set(['Bearer']), control: new Set(['Bearer']) });
  });

  it('STORAGE_EMULATOR_HOST points gs:// at an emulator and sends no credentials', async () => {
    const start = emu.requests.length;
    const result = await upload(file.path, 'gs://bkt/emulator-host', {
      env: { STORAGE_EMULATOR_HOST: new URL(emu.url).host },
      partSize: '5MiB',
    });
    expect(result.partCount).toBe(3);
    expect(schemesSince(start)).toEqual({ parts: new Set([undefined]), control: new Set([undefined]) });
    expect((await readObject(`${emu.url}/bkt/emulator-host`)).sha256).toBe(file.sha256);
  });

  it('gs:// with Application Default Credentials: tokens come from the metadata server and are refreshed during the upload', async () => {
    // A stand-in GCE metadata server. Its tokens expire in 300 s, inside google-auth-library's
    // 5-minute eager-refresh window: every time partpush asks for a token, a fresh one is fetched.
    // One fetch per upload would be the Go uploader's bug (a token fetched once, used for hours).
    let issued = 0;
    const metadata = createServer((req, res) => {
      res.setHeader('Metadata-Flavor', 'Google');
      if (req.url?.startsWith('/computeMetadata/v1/instance/service-accounts/default/token')) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ access_token: `ya29.metadata-${++issued}`, expires_in: 300, token_type: 'Bearer' }));
      } else {
        res.statusCode = 404;
        res.end();
      }
    }).listen(0, '127.0.0.1');
    await once(metadata, 'listening');
    const home = `${temp.dir}/empty-home`;
    try {
      const start = emu.requests.length;
      const run = await runCli(['cp', file.path, 'gs://bkt/adc', '--endpoint', emu.url, '--part-size', '5MiB', '--json'], {
        GCE_METADATA_HOST: `127.0.0.1:${(metadata.address() as { port: number }).port}`,
        METADATA_SERVER_DETECTION: 'assume-present',
        GOOGLE_APPLICATION_CREDENTIALS: '',
        HOME: home,
        CLOUDSDK_CONFIG: home,
        STORAGE_EMULATOR_HOST: '',
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(schemesSince(start)).toEqual({ parts: new Set(['Bearer']), control: new Set(['Bearer']) });
      // Every token the parts carried came from the metadata server, and the main thread asked
      // again for each call it made (initiate, Complete, HEAD), not once per upload.
      const issuedTokens = Array.from({ length: issued }, (_, i) => tokenFingerprint(`ya29.metadata-${i + 1}`));
      const partTokens = emu.requests
        .slice(start)
        .filter((r) => r.action === 'part')
        .map((r) => r.tokenFingerprint);
      console.log(`metadata server issued ${issued} tokens`);
      expect(partTokens.every((t) => issuedTokens.includes(t!))).toBe(true);
      expect(issued).toBeGreaterThanOrEqual(3);
      expect(run.stdout).not.toContain('ya29.metadata');
    } finally {
      metadata.close();
    }
  });

  it('running workers get refreshed tokens during a long upload, without coming back to the main thread', async () => {
    // One lane sends the 3 parts one after another; part 2 is told to wait 1 s (Retry-After), so
    // the upload outlives several credential checks (every 100 ms here, every minute by default).
    let fetched = 0;
    const start = emu.requests.length;
    emu.faults.add({ action: 'part', partNumber: 2, fault: { kind: 'status', status: 503, code: 'SlowDown', retryAfterSeconds: 1 } });
    await upload(file.path, 'gs://bkt/refreshed', {
      endpoint: emu.url,
      partSize: '5MiB',
      workers: 1,
      streamsPerWorker: 1,
      credentialRefreshMs: 100,
      auth: { getAccessToken: async () => `token-${++fetched}` },
    });
    const parts = emu.requests.slice(start).filter((r) => r.action === 'part');
    const first = parts.find((r) => r.partNumber === 1)!;
    const last = parts.find((r) => r.partNumber === 3)!;
    expect(parts).toHaveLength(4);
    // At least ten checks in the second of waiting, each a new token from this source.
    expect(fetched).toBeGreaterThanOrEqual(10);
    expect(last.tokenFingerprint).not.toBe(first.tokenFingerprint);
    const issued = Array.from({ length: fetched }, (_, i) => tokenFingerprint(`token-${i + 1}`));
    expect(issued.indexOf(last.tokenFingerprint!)).toBeGreaterThan(issued.indexOf(first.tokenFingerprint!) + 5);
  });

  it('keeps objects as files with --dir storage', async () => {
    const dirEmu = await startEmulator({ buckets: ['bkt'], storage: { dir: `${temp.dir}/store` } });
    try {
      await upload(file.path, 's3://bkt/on-disk', { endpoint: dirEmu.url, auth: 'none', partSize: '5MiB' });
      expect((await readObject(`${dirEmu.url}/bkt/on-disk`)).sha256).toBe(file.sha256);
    } finally {
      await dirEmu.close();
    }
  });
});
