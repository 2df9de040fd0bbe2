import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const SCENARIOS = fileURLToPath(new URL('./child-scenarios.mjs', import.meta.url));

export interface ChildOptions {
  /** Node flags, e.g. --expose-gc. */
  nodeArgs?: string[];
  /** A command to start node under, e.g. ['nice', '-n', '9']. */
  under?: string[];
  timeoutMs?: number;
}

/** Runs one scenario of child-scenarios.mjs in a child process; resolves to the JSON it printed. */
export async function runChild<T>(scenario: string, config: object, options: ChildOptions = {}): Promise<T> {
  const [command, ...prefix] = options.under ?? [process.execPath];
  const args = [...prefix, ...(options.under ? [process.execPath] : []), ...(options.nodeArgs ?? []), SCENARIOS, scenario];
  const child = spawn(command!, args, {
    env: { ...process.env, PARTPUSH_CHILD: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: options.timeoutMs ?? 100_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  if (code !== 0) throw new Error(`child scenario ${scenario} exited with ${code ?? signal}: ${stderr.trim()}`);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
}
