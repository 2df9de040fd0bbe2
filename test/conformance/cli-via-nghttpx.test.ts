/**
 * The CLI, as a user runs it, uploads 320 MiB (ten parts of the default 32 MiB) to moto (a real S3 implementation) through nghttpx (a
 * real HTTP/2 implementation) over TLS with ALPN h2; boto3 reads the object back from moto.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';
import { runCli } from '../helpers/run-cli.js';
import { boto3 } from '../servers/boto3-client.js';
import {
  MOTO_INSTALL_HINT,
  NGHTTPX_INSTALL_HINT,
  motoAvailable,
  nghttpxAvailable,
  startMoto,
  startNghttpx,
  type RunningServer,
} from '../servers/third-party-servers.js';

const MiB = 1024 * 1024;
const IN_CI = process.env.CI === 'true';
const missing = !motoAvailable() ? MOTO_INSTALL_HINT : !nghttpxAvailable() ? NGHTTPX_INSTALL_HINT : undefined;
if (missing && !IN_CI) console.warn(`cli-via-nghttpx: skipping: needs ${missing}`);

const temp = makeTempDir();
let file: TestFile;
let moto: RunningServer | undefined;
let proxy: RunningServer | undefined;

beforeAll(async () => {
  if (missing && !IN_CI) return;
  if (missing) throw new Error(`this test needs ${missing}`);
  file = makeRandomFile(temp.dir, 'snapshot.img', 320 * MiB);
  moto = await startMoto({ minPartSize: 5 * MiB });
  proxy = await startNghttpx(moto.url, 'tls');
  writeFileSync(join(temp.dir, 'proxy-ca.pem'), proxy.ca!);
  await boto3(moto.url, 'create', 'bigbucket');
}, 120_000);
afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
  temp.remove();
});

describe('partpush cp through nghttpx (HTTP/2 over TLS) to moto', () => {
  it.skipIf(missing !== undefined && !IN_CI)(
    'uploads 320 MiB with SigV4, and boto3 reads back the same bytes (CI requires the servers)',
    async () => {
      const run = await runCli(
        [
          'cp',
          file.path,
          's3://bigbucket/snapshots/one snapshot.img',
          '--endpoint',
          proxy!.url,
          '--ca',
          join(temp.dir, 'proxy-ca.pem'),
          // Pinned: auto's shape rests on a PING timed on a loaded machine (pinned by its own tests).
          '--connections',
          '1',
          '--json',
        ],
        { AWS_ACCESS_KEY_ID: 'AKIDCONFORMANCE', AWS_SECRET_ACCESS_KEY: 'conformance-secret', AWS_REGION: 'us-east-1' },
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout);
      expect(result).toMatchObject({ size: file.size, protocol: 'h2', mode: 'workers' });
      // 10 parts of the default size, or more where the PING through nghttpx read 5 ms or more.
      if (result.rttMs < 5) expect(result).toMatchObject({ partSize: 32 * MiB, partCount: 10 });
      expect(result.partCount).toBeGreaterThanOrEqual(10);
      console.log(`320 MiB via nghttpx h2 to moto: ${(result.bytesPerSecond / 1e6).toFixed(0)} MB/s`);
      expect(await boto3(moto!.url, 'get', 'bigbucket', 'snapshots/one snapshot.img')).toMatchObject({
        size: file.size,
        sha256: file.sha256,
        contentType: 'application/octet-stream',
      });
      expect(await boto3(moto!.url, 'uploads', 'bigbucket')).toEqual({ uploads: [] });
    },
    300_000,
  );
});
