/**
 * s3:// credentials found the way every AWS tool finds them (the AWS SDK's provider chain): a
 * named profile in the shared credentials file, and EC2 instance metadata (IMDSv2, here a stand-in
 * on loopback) with temporary credentials refreshed before they expire.
 */
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../dist/src/emulator/index.js';
import { upload } from '../../dist/src/index.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';
import { runCli } from '../helpers/run-cli.js';

const MiB = 1024 * 1024;
const temp = makeTempDir();
let file: TestFile;
beforeAll(() => {
  file = makeRandomFile(temp.dir, 'source.bin', 12 * MiB);
});
afterAll(() => temp.remove());
let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator({ buckets: ['bkt'] });
});
afterEach(async () => {
  await emu.close();
});
const keysUsed = (action: string) => emu.requests.filter((r) => r.action === action).map((r) => r.accessKeyId);

/** No keys in the environment, no files but the ones a test names, no metadata unless a test serves it. */
const bare = {
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_SESSION_TOKEN: '',
  AWS_PROFILE: '',
  AWS_CONFIG_FILE: join('/nonexistent', 'config'),
  AWS_SHARED_CREDENTIALS_FILE: join('/nonexistent', 'credentials'),
};

describe('the AWS provider chain', () => {
  it('AWS_PROFILE with a shared credentials file, as aws-cli reads it', async () => {
    const credentials = join(temp.dir, 'credentials');
    writeFileSync(
      credentials,
      '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n\n[ci]\naws_access_key_id = AKIDPROFILECI\naws_secret_access_key = ci-secret\n',
    );
    const run = await runCli(['cp', file.path, 's3://bkt/profile', '--endpoint', emu.url, '--part-size', '5MiB'], {
      ...bare,
      AWS_SHARED_CREDENTIALS_FILE: credentials,
      AWS_PROFILE: 'ci',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(new Set(keysUsed('part'))).toEqual(new Set(['AKIDPROFILECI']));
    expect(run.stdout + run.stderr).not.toContain('ci-secret');
  });

  it('a named profile wins over keys in the environment, as in aws-cli; a profile that does not exist is an error', async () => {
    const credentials = join(temp.dir, 'credentials-named');
    writeFileSync(credentials, '[ci]\naws_access_key_id = AKIDPROFILECI\naws_secret_access_key = ci-secret\n');
    const withKeys = {
      ...bare,
      AWS_ACCESS_KEY_ID: 'AKIDFROMENV',
      AWS_SECRET_ACCESS_KEY: 'env-secret',
      AWS_SHARED_CREDENTIALS_FILE: credentials,
    };
    const before = emu.requests.length;
    const named = await runCli(
      ['cp', file.path, 's3://bkt/named', '--endpoint', emu.url, '--part-size', '5MiB', '--profile', 'ci'],
      withKeys,
    );
    expect(named.code, named.stderr).toBe(0);
    expect(named.stderr).toBe('');
    expect(new Set(emu.requests.slice(before).map((r) => r.accessKeyId))).toEqual(new Set(['AKIDPROFILECI']));
    const missing = await runCli(['cp', file.path, 's3://bkt/missing', '--endpoint', emu.url, '--profile', 'nosuch'], withKeys);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^partpush: no AWS credentials for the profile "nosuch" \(--profile, AWS_PROFILE\) \(/);
  });

  it("a named profile that gives nothing says why, from the shared files: not found, its credential_process failed; never the process's output or command line", async () => {
    const config = join(temp.dir, 'config-processes');
    const script = (name: string, body: string) => {
      writeFileSync(join(temp.dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
      return join(temp.dir, name);
    };
    writeFileSync(
      config,
      `[profile garbled]\ncredential_process = ${script('garbled.sh', 'echo not json')}\n` +
        `[profile failing]\ncredential_process = ${script('failing.sh', 'echo leaked-by-the-process >&2; exit 3')}\n`,
    );
    const env = { ...bare, AWS_CONFIG_FILE: config, AWS_EC2_METADATA_DISABLED: 'true' };
    const cases: [string, RegExp][] = [
      ['nosuch', new RegExp(`\\(the profile is in neither ${config} nor /nonexistent/credentials\\)`)],
      ['garbled', /\(its credential_process failed or printed no credentials: run it by hand to see why\)/],
      ['failing', /\(its credential_process failed or printed no credentials: run it by hand to see why\)/],
    ];
    for (const [profile, cause] of cases) {
      const run = await runCli(['cp', file.path, `s3://bkt/${profile}`, '--endpoint', emu.url, '--profile', profile], env);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^partpush: no AWS credentials for the profile "${profile}" \\(--profile, AWS_PROFILE\\) `));
      expect(run.stderr).toMatch(cause);
      expect(run.stderr).not.toContain('leaked-by-the-process');
      expect(run.stderr).not.toContain('.sh');
    }
    expect(emu.requests).toEqual([]);
  });

  it('none anywhere: one line that says where they are looked for', async () => {
    const run = await runCli(['cp', file.path, 's3://bkt/none', '--endpoint', emu.url], bare);
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^partpush: no AWS credentials \(.*\); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE/);
    expect(emu.requests).toEqual([]);
  });

  describe('EC2 instance metadata (IMDSv2)', () => {
    let imds: Server;
    let issued = 0;
    const tokenPuts: Array<string | undefined> = [];
    beforeEach(async () => {
      issued = 0;
      imds = createServer((req, res) => {
        if (req.method === 'PUT' && req.url === '/latest/api/token') {
          tokenPuts.push(req.headers['x-aws-ec2-metadata-token-ttl-seconds'] as string | undefined);
          res.end('imds-session-token');
        } else if (req.headers['x-aws-ec2-metadata-token'] !== 'imds-session-token') {
          res.statusCode = 401;
          res.end();
        } else if (req.url === '/latest/meta-data/iam/security-credentials/') {
          res.end('build-host-role');
        } else if (req.url === '/latest/meta-data/iam/security-credentials/build-host-role') {
          issued++;
          // Four minutes left: inside the window in which partpush fetches new ones.
          res.end(
            JSON.stringify({
              Code: 'Success',
              AccessKeyId: `ASIAIMDS${issued}`,
              SecretAccessKey: `imds-secret-${issued}`,
              Token: `imds-token-${issued}`,
              Expiration: new Date(Date.now() + 4 * 60_000).toISOString(),
            }),
          );
        } else {
          res.statusCode = 404;
          res.end();
        }
      }).listen(0, '127.0.0.1');
      await new Promise((resolve) => imds.once('listening', resolve));
    });
    afterEach(() => {
      imds.close();
    });

    it('temporary credentials from the instance role, fetched again before they expire, sent to the running lanes', async () => {
      const saved = { ...process.env };
      Object.assign(process.env, bare, {
        AWS_EC2_METADATA_DISABLED: 'false',
        AWS_EC2_METADATA_SERVICE_ENDPOINT: `http://127.0.0.1:${(imds.address() as { port: number }).port}`,
      });
      // Part 2 waits out a Retry-After, so the lanes' periodic refresh has time to bring newer keys.
      emu.faults.add({ action: 'part', partNumber: 2, fault: { kind: 'status', status: 503, code: 'SlowDown', retryAfterSeconds: 1 } });
      try {
        const result = await upload(file.path, 's3://bkt/imds', {
          endpoint: emu.url,
          partSize: '5MiB',
          workers: 1,
          streamsPerWorker: 1,
          credentialRefreshMs: 100,
        });
        expect(result.size).toBe(file.size);
      } finally {
        process.env = saved;
      }
      expect(tokenPuts.length).toBeGreaterThan(0);
      expect(tokenPuts.every((ttl) => ttl !== undefined)).toBe(true); // IMDSv2: a session token first
      const used = keysUsed('part');
      expect(new Set(used).size).toBeGreaterThan(1); // later parts signed with refreshed keys
      expect(used.every((key) => key?.startsWith('ASIAIMDS'))).toBe(true);
    });
  });
});
