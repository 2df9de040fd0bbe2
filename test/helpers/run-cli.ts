import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/src/cli/partpush.js', import.meta.url));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `partpush ...` as a user would, to completion. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return runCliWithStdin(args, undefined, env);
}

/**
 * Runs `partpush ...` with `stdin` piped in (written by `feed`, which ends it), as `tar | partpush cp -`.
 * `onSpawn` gets the child, e.g. to watch its memory.
 */
export async function runCliWithStdin(
  args: string[],
  feed: ((stdin: NodeJS.WritableStream) => Promise<void>) | undefined,
  env: NodeJS.ProcessEnv = {},
  onSpawn?: (child: ChildProcess) => void,
): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: [feed ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  onSpawn?.(child);
  if (feed) {
    child.stdin!.on('error', () => {}); // the CLI may exit before reading it all (a refusal)
    void feed(child.stdin!).then(
      () => child.stdin!.end(),
      () => child.stdin!.destroy(),
    );
  }
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => {
    stdout += d;
  });
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code, signal, stdout, stderr };
}

/** Starts `partpush serve ... --json` and returns its URL and CA file once it prints them. */
export async function startServeProcess(
  args: string[],
): Promise<{ url: string; ca: string | null; child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--json', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (d) => {
      buffered += d;
      const newline = buffered.indexOf('\n');
      if (newline >= 0) resolve(buffered.slice(0, newline));
    });
    child.once('exit', (code) => reject(new Error(`partpush serve exited with ${code} before printing its URL`)));
  });
  const { url, ca } = JSON.parse(line) as { url: string; ca: string | null };
  return {
    url,
    ca,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/**
 * A summary as one line: the CLI breaks one longer than 80 columns between its pieces (after a
 * `;` or `,`, or before ` to DEST` and ` in ...`) onto indented lines, and how long it is depends
 * on the time and rate it prints.
 */
export function unwrapped(stdout: string): string {
  return stdout.replace(/\n {2}/g, ' ');
}
