import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('./boto3_client.py', import.meta.url));

export interface AccessKeys {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Calls boto3 (a client partpush's authors did not write) against an S3 endpoint, with `keys` if given. */
export async function boto3(endpoint: string, ...args: string[]): Promise<Record<string, unknown>> {
  return boto3As(undefined, endpoint, ...args);
}

export async function boto3As(keys: AccessKeys | undefined, endpoint: string, ...args: string[]): Promise<Record<string, unknown>> {
  const env = keys ? { ...process.env, BOTO3_ACCESS_KEY_ID: keys.accessKeyId, BOTO3_SECRET_ACCESS_KEY: keys.secretAccessKey } : process.env;
  const { stdout } = await run('python3', [SCRIPT, endpoint, ...args], { maxBuffer: 1 << 20, env });
  return JSON.parse(stdout) as Record<string, unknown>;
}
