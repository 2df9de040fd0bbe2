/** Credentials never appear in what partpush prints or throws, on success or on failure. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, upload, type Emulator } from '../../dist/src/index.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';
import { runCli } from '../helpers/run-cli.js';

const SECRET_KEY = 'wJalrXUtnFEMI-SECRET-2f9c1d';
const SESSION_TOKEN = 'FwoGZXIvYXdzEXAMPLE-SESSION-TOKEN-88e1';
const BEARER = 'ya29.BEARER-SECRET-77aa';
const secrets = [SECRET_KEY, SESSION_TOKEN, BEARER];
const awsEnv = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: SECRET_KEY, AWS_SESSION_TOKEN: SESSION_TOKEN };

const temp = makeTempDir();
let file: TestFile;
let emu: Emulator;
beforeAll(() => {
  file = makeRandomFile(temp.dir, 's.bin', 12 * 1024 * 1024);
});
afterAll(() => temp.remove());
beforeEach(async () => {
  emu = await startEmulator({ buckets: ['bkt'] });
});
afterEach(async () => {
  await emu.close();
});

function expectNoSecrets(text: string): void {
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('secrets stay secret', () => {
  it.each([
    ['a successful upload with --json', [], undefined],
    [
      'a refused part',
      [],
      { action: 'part' as const, partNumber: 2, fault: { kind: 'status' as const, status: 403, code: 'SignatureDoesNotMatch' } },
    ],
    [
      'a refused part with --json',
      ['--json'],
      { action: 'part' as const, partNumber: 2, fault: { kind: 'status' as const, status: 403, code: 'AccessDenied' } },
    ],
    [
      'a store error at initiate',
      ['--json'],
      { action: 'initiate' as const, fault: { kind: 'status' as const, status: 403, code: 'InvalidAccessKeyId' } },
    ],
  ])(
    'CLI: %s',
    async (_, extra, fault) => {
      if (fault) emu.faults.add(fault);
      const args = ['cp', file.path, 's3://bkt/k', '--endpoint', emu.url, '--part-size', '5MiB', ...(fault ? extra : ['--json', ...extra])];
      const run = await runCli(args, awsEnv);
      if (!fault) expect(run.code).toBe(0);
      expectNoSecrets(run.stdout + run.stderr);
    },
    120_000,
  );

  it('API: errors thrown with a bearer token carry no token, in message or fields', async () => {
    emu.faults.add({ action: 'part', partNumber: 1, fault: { kind: 'status', status: 403, code: 'AccessDenied' } });
    const error = await upload(file.path, 'gs://bkt/k', { endpoint: emu.url, auth: { token: BEARER }, partSize: '5MiB' }).then(
      () => new Error('the upload succeeded'),
      (e: unknown) => e as Error,
    );
    expect(error).toMatchObject({ code: 'PARTPUSH_SERVICE_ERROR', status: 403 });
    expectNoSecrets(`${error.message}\n${JSON.stringify(error)}\n${error.stack}`);
    expect(JSON.stringify(emu.requests)).not.toContain(BEARER);
  });

  it('API: the result of a signed upload carries no key', async () => {
    const result = await upload(file.path, 's3://bkt/k', { endpoint: emu.url, env: awsEnv, partSize: '5MiB' });
    expectNoSecrets(JSON.stringify(result));
  });
});
