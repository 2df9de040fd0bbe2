import { spawn } from 'node:child_process';
import type { ChildResult } from './upload-child.js';

/** A command as a user types it: timed over the whole command, CPU from the shell's `times` (all its children). */
export interface ShellRun {
  /** Run by `bash -c`, with `args` as $1...; it must fail (non-zero) when the upload fails. */
  script: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Bytes the command uploads (for MiB/s). */
  bytes: number;
}

/** Asynchronous: the WAN relay runs in the bench's own event loop. */
export function runShell(run: ShellRun): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('bash', ['-c', `${run.script} && times`, 'bench', ...run.args], {
      env: { ...process.env, ...run.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`${run.script.split(' ')[0]} failed (${code}): ${err.trim().slice(-500)}`));
      // `times` prints the shell's own times, then its children's: the last line.
      const [user, system] = [...(out.trim().split('\n').at(-1) ?? '').matchAll(/(\d+)m([\d.]+)s/g)].map(
        (m) => Number(m[1]) * 60 + Number(m[2]),
      );
      resolve({
        seconds,
        bytes: run.bytes,
        cpuSeconds: (user ?? NaN) + (system ?? NaN),
        maxRssBytes: NaN,
        elu: NaN,
        p99DelayMs: NaN,
        p99IntervalMs: NaN,
        coreShare: NaN,
      });
    });
  });
}
