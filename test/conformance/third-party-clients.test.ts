/**
 * Third-party clients against the emulator, over HTTP/1.1 and over TLS, with the emulator checking
 * their signatures: aws-cli with its own defaults (its default checksums, its multipart upload and
 * its ranged multipart download), a listing of more than 1,000 keys, `aws s3 rm --recursive`;
 * boto3's upload_file and download_file with 1 MiB chunks; the AWS SDK for JS v3's PutObject with
 * each checksum algorithm, and a wrong checksum refused with BadDigest.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';
import { PutObjectCommand, S3Client, type ChecksumAlgorithm } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../dist/src/emulator/index.js';
import { upload } from '../../dist/src/index.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';
import { rawRequest } from '../helpers/raw-request.js';

const MiB = 1024 * 1024;
const IN_CI = process.env.CI === 'true';
const KEYS = { accessKeyId: 'AKIDTHIRDPARTY', secretAccessKey: 'third-party-secret' };
const hasAws = spawnSync('aws', ['--version']).status === 0;
const hasBoto3 = spawnSync('python3', ['-c', 'import boto3']).status === 0;
const missing = !hasAws ? 'aws-cli (pip install awscli)' : !hasBoto3 ? 'boto3 (pip install boto3)' : undefined;
if (missing && !IN_CI) console.warn(`third-party-clients: skipping: needs ${missing}`);
const skipOutsideCI = missing !== undefined && !IN_CI;

const temp = makeTempDir();
let big: TestFile; // aws-cli's upload: 40 MiB, five of its default 8 MiB parts
let small: TestFile; // boto3's: 12 MiB, asked for in 1 MiB chunks (s3transfer raises uploads' to S3's 5 MiB minimum)
beforeAll(() => {
  if (missing && IN_CI) throw new Error(`this test needs ${missing}`);
  big = makeRandomFile(temp.dir, 'forty.bin', 40 * MiB);
  small = makeRandomFile(temp.dir, 'small.bin', 12 * MiB + 17);
});
afterAll(() => temp.remove());

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe.each([
  ['HTTP/1.1', false],
  ['TLS', true],
])('over %s', (_name, tls) => {
  let emu: Emulator;
  let env: NodeJS.ProcessEnv;
  let caFile: string | undefined;
  let s3: S3Client;
  beforeAll(async () => {
    emu = await startEmulator({ buckets: ['bkt'], tls, keys: { [KEYS.accessKeyId]: KEYS.secretAccessKey } });
    s3 = new S3Client({
      endpoint: emu.url,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: KEYS,
      requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: emu.ca }) }),
    });
    caFile = emu.ca ? join(temp.dir, `ca-${Date.now()}.pem`) : undefined;
    if (caFile) writeFileSync(caFile, emu.ca!);
    // Isolated from the user's own configuration; nothing here touches aws-cli's checksum settings.
    env = {
      AWS_ACCESS_KEY_ID: KEYS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      ...(caFile ? { AWS_CA_BUNDLE: caFile } : {}),
    };
  });
  afterAll(async () => {
    s3?.destroy();
    await emu?.close();
  });
  const aws = (...args: string[]) => run('aws', ['--endpoint-url', emu.url, ...args], env);

  it.skipIf(skipOutsideCI)('aws-cli uploads 40 MiB with its defaults and downloads it and a partpush upload byte-exact', async () => {
    const up = await aws('s3', 'cp', big.path, 's3://bkt/cli/forty.bin');
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const parts = emu.requests.filter((r) => r.key === 'cli/forty.bin' && r.action === 'part');
    expect(parts).toHaveLength(5);
    const pp = await upload(big.path, 's3://bkt/pp/forty.bin', { endpoint: emu.url, partSize: '5MiB', auth: KEYS, ca: emu.ca });
    expect(pp.partCount).toBe(8);
    for (const key of ['cli/forty.bin', 'pp/forty.bin']) {
      const out = join(temp.dir, `down-${tls}-${key.replace('/', '-')}`);
      const down = await aws('s3', 'cp', `s3://bkt/${key}`, out);
      expect([down.code, down.stderr]).toEqual([0, '']);
      expect(sha256(out)).toBe(big.sha256);
    }
    // aws-cli fetched the 40 MiB in ranged parts, each answered 206.
    const ranged = emu.requests.filter((r) => r.key === 'pp/forty.bin' && r.action === 'get-object');
    expect(ranged.length).toBeGreaterThan(1);
    expect(ranged.every((r) => r.status === 206)).toBe(true);
  });

  it.skipIf(skipOutsideCI)('aws-cli lists a prefix of 1,100 keys completely, and `aws s3 rm --recursive` leaves nothing', async () => {
    const keys = Array.from({ length: 1100 }, (_, i) => `many/k${String(i).padStart(4, '0')}`);
    for (let i = 0; i < keys.length; i += 100)
      await Promise.all(keys.slice(i, i + 100).map((Key) => s3.send(new PutObjectCommand({ Bucket: 'bkt', Key, Body: Key }))));
    const ls = await aws('s3', 'ls', 's3://bkt/many/', '--recursive');
    expect(ls.code).toBe(0);
    const listed = ls.stdout
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/).at(-1));
    expect(listed).toEqual(keys);
    const rm = await aws('s3', 'rm', 's3://bkt/', '--recursive');
    expect(rm.code).toBe(0);
    const left = await rawRequest(emu.url, 'GET', '/bkt?list-type=2', { ca: emu.ca });
    expect(left.body.toString()).toContain('<KeyCount>0</KeyCount>');
    const buckets = await aws('s3', 'ls');
    expect([buckets.code, buckets.stdout.trim().split(/\s+/).at(-1)]).toEqual([0, 'bkt']);
  });

  it.skipIf(skipOutsideCI)("boto3's upload_file and download_file with 1 MiB multipart chunks are byte-exact", async () => {
    const out = join(temp.dir, `boto3-${tls}.bin`);
    const script = `
import boto3, sys
from boto3.s3.transfer import TransferConfig
s3 = boto3.client('s3', endpoint_url=sys.argv[1], verify=(sys.argv[2] or None))
config = TransferConfig(multipart_threshold=1024*1024, multipart_chunksize=1024*1024)
s3.upload_file(sys.argv[3], 'bkt', 'boto3/small.bin', Config=config)
s3.download_file('bkt', 'boto3/small.bin', sys.argv[4], Config=config)
`;
    const result = await run('python3', ['-c', script, emu.url, caFile ?? '', small.path, out], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(sha256(out)).toBe(small.sha256);
    expect(emu.requests.filter((r) => r.key === 'boto3/small.bin' && r.action === 'part').length).toBeGreaterThan(1);
    expect(emu.requests.filter((r) => r.key === 'boto3/small.bin' && r.action === 'get-object' && r.status === 206).length).toBeGreaterThan(
      1,
    );
  });

  it.skipIf(skipOutsideCI)(
    "boto3's presigned PUT and GET URLs (SigV4) work until they expire, then answer 'Request has expired'",
    async () => {
      const script = `
import boto3, sys, json, time, urllib.request, ssl
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=sys.argv[1], verify=(sys.argv[2] or None), config=Config(signature_version='s3v4'))
ctx = ssl.create_default_context(cafile=sys.argv[2] or None)
def send(url, method, data=None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, method=method), context=ctx) as r:
            return [r.status, r.read().decode()]
    except urllib.error.HTTPError as e:
        return [e.code, e.read().decode()]
put = s3.generate_presigned_url('put_object', Params={'Bucket': 'bkt', 'Key': 'presigned/one'}, ExpiresIn=2)
get = s3.generate_presigned_url('get_object', Params={'Bucket': 'bkt', 'Key': 'presigned/one'}, ExpiresIn=2)
fresh = [send(put, 'PUT', b'presigned body'), send(get, 'GET')]
time.sleep(3)
print(json.dumps(fresh + [send(put, 'PUT', b'late body'), send(get, 'GET')]))
`;
      const result = await run('python3', ['-c', script, emu.url, caFile ?? ''], env);
      expect(result.stderr).toBe('');
      const [put, get, latePut, lateGet] = JSON.parse(result.stdout) as Array<[number, string]>;
      expect(put![0]).toBe(200);
      expect(get).toEqual([200, 'presigned body']);
      expect(latePut![0]).toBe(403);
      expect(latePut![1]).toContain('Request has expired');
      expect(lateGet![0]).toBe(403);
      expect(lateGet![1]).toContain('Request has expired');
    },
  );

  it('the AWS SDK for JS v3: PutObject with each checksum algorithm; a wrong one refused with BadDigest', async () => {
    {
      const body = randomBytes(200_000);
      for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as ChecksumAlgorithm[]) {
        const put = await s3.send(
          new PutObjectCommand({ Bucket: 'bkt', Key: `sdk/${algorithm}`, Body: body, ChecksumAlgorithm: algorithm }),
        );
        expect(put[`Checksum${algorithm}`]).toMatch(/^[A-Za-z0-9+/]+=*$/);
        const back = await rawRequest(emu.url, 'GET', `/bkt/sdk/${algorithm}`, { ca: emu.ca });
        expect(back.body.equals(body)).toBe(true);
      }
      const wrong = s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'sdk/wrong', Body: body, ChecksumCRC32: 'AAAAAA==' }));
      await expect(wrong).rejects.toMatchObject({ name: 'BadDigest' });
    }
  });
});
