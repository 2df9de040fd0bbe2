import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('./boto3_client.py', import.meta.url));

/** Calls boto3 (a client partpush's authors did not write) against an S3 endpoint. */
export async function boto3(endpoint: string, ...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run('python3', [SCRIPT, endpoint, ...args], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as Record<string, unknown>;
}
