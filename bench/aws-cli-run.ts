import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildResult } from './upload-child.js';
import { runShell } from './shell-run.js';

/** `aws s3 cp` (aws-cli v1 in the machine image) as a user runs it, timed over the whole command. */
export interface AwsCliRun {
  /** A file, or a directory sent with --recursive. */
  file: string;
  /** Bytes under `file` when it is a directory. */
  bytes?: number;
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

export function runAwsCli(run: AwsCliRun): Promise<ChildResult> {
  const config = join(run.dir, run.tuned ? 'aws-config-tuned' : 'aws-config-defaults');
  writeFileSync(config, run.tuned ? '[default]\ns3 =\n  max_concurrent_requests = 32\n  multipart_chunksize = 32MB\n' : '[default]\n');
  const recursive = run.bytes !== undefined;
  const args = [
    's3',
    'cp',
    run.file,
    recursive ? 's3://bench/tree/' : 's3://bench/bench',
    ...(recursive ? ['--recursive'] : []),
    '--endpoint-url',
    run.endpoint,
    '--ca-bundle',
    run.caFile,
    '--only-show-errors',
  ];
  return runShell({
    script: 'aws "$@"',
    args,
    bytes: run.bytes ?? statSync(run.file).size,
    env: {
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
}
