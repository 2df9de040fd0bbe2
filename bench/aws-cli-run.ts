import { spawn, spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildResult } from './upload-child.js';

/** `aws s3 cp` (aws-cli v1 in the machine image) as a user runs it, timed over the whole command. */
export interface AwsCliRun {
  file: string;
  endpoint: string;
  caFile: string;
  /** `max_concurrent_requests = 32` and `multipart_chunksize = 32MB`, else aws-cli's defaults (10, 8 MB). */
  tuned: boolean;
  /** Where its config file goes. */
  dir: string;
}

export function awsCliInstalled(): boolean {
  return spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Asynchronous (the WAN relay runs in the bench's own event loop); CPU from the shell's `times`. */
export function runAwsCli(run: AwsCliRun): Promise<ChildResult> {
  const config = join(run.dir, run.tuned ? 'aws-config-tuned' : 'aws-config-defaults');
  writeFileSync(config, run.tuned ? '[default]\ns3 =\n  max_concurrent_requests = 32\n  multipart_chunksize = 32MB\n' : '[default]\n');
  const args = ['s3', 'cp', run.file, 's3://bench/bench', '--endpoint-url', run.endpoint, '--ca-bundle', run.caFile, '--only-show-errors'];
  const env = {
    ...process.env, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_DEFAULT_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true',
  };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('bash', ['-c', 'aws "$@" && times', 'aws', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`aws s3 cp failed (${code}): ${err.trim().slice(-500)}`));
      const [user, system] = [...(out.trim().split('\n').at(-1) ?? '').matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
      resolve({
        seconds, bytes: statSync(run.file).size, cpuSeconds: (user ?? NaN) + (system ?? NaN),
        maxRssBytes: NaN, elu: NaN, p99DelayMs: NaN, p99IntervalMs: NaN, coreShare: NaN,
      });
    });
  });
}
