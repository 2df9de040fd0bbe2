/**
 * The `sources` group's sync rows (issue 29): a tree of 10,000 files of 4 KiB to 1 MiB, synced by
 * `partpush sync` and by `aws s3 sync` (aws-cli, defaults) to two prefixes of one emulator that keeps
 * its objects (`partpush serve --tls --dir`). Untimed: the first sync of each. Timed, in rounds:
 * 1% of the files rewritten (new bytes, same size, a new mtime, which aws-cli needs to see them),
 * then each tool's sync; then, on the unchanged tree, each tool's sync, partpush's without its
 * record too, and the floor: one listing pass plus the local CRC32C pass (sync-baseline.ts).
 * Every figure is a whole command's wall time, cold, median of the rounds.
 */
import { spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runShell } from './shell-run.js';

export interface SyncBenchInput {
  work: string;
  files: number;
  runs: number;
  cli: string;
  awsCli: boolean;
}

export interface SyncBenchRow {
  scenario: string;
  /** Seconds, each round. */
  runs: number[];
  median: number;
}

const BASELINE = fileURLToPath(new URL('./sync-baseline.js', import.meta.url));

export async function runSyncBench(input: SyncBenchInput): Promise<SyncBenchRow[]> {
  const tree = join(input.work, 'sync-tree');
  const sizes = makeSyncTree(tree, input.files);
  const serve = await startKeepingEmulator(input.cli, join(input.work, 'sync-store'));
  try {
    const env = { XDG_STATE_HOME: join(input.work, 'sync-state') };
    const partpush = (extraEnv: NodeJS.ProcessEnv = env) =>
      timed(
        `"${process.execPath}" "${input.cli}" sync "$@"`,
        [tree, 's3://bench/pp/', '--endpoint', serve.url, '--ca', serve.ca, '--no-auth', '--quiet'],
        extraEnv,
      );
    const aws = () => awsSync(tree, serve, input.work);
    await partpush();
    if (input.awsCli) await aws();
    const samples = new Map<string, number[]>();
    const add = (name: string, seconds: number) => samples.set(name, [...(samples.get(name) ?? []), seconds]);
    for (let round = 0; round < input.runs; round++) {
      rewriteSome(tree, sizes, Math.max(1, Math.round(input.files / 100)), round);
      add('1% changed: partpush sync', await partpush());
      if (input.awsCli) add('1% changed: aws s3 sync', await aws());
    }
    for (let round = 0; round < input.runs; round++) {
      add('unchanged: partpush sync', await partpush());
      add(
        'unchanged: partpush sync, no record (full local CRC32C pass in the workers, a HEAD per file)',
        await partpush({ XDG_STATE_HOME: join(input.work, `no-record-${round}`) }),
      );
      add(
        'unchanged: one listing pass + the local CRC32C pass (the floor)',
        await timed(`"${process.execPath}" "${BASELINE}" "$@"`, [tree, 's3://bench/pp/', serve.url, serve.ca]),
      );
      if (input.awsCli) add('unchanged: aws s3 sync', await aws());
    }
    return [...samples].map(([scenario, runs]) => ({ scenario, runs, median: median(runs) }));
  } finally {
    serve.stop();
  }
}

async function timed(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  return (await runShell({ script, args, env, bytes: 0 })).seconds;
}

function awsSync(tree: string, serve: { url: string; ca: string }, work: string): Promise<number> {
  const config = join(work, 'aws-config-sync');
  writeFileSync(config, '[default]\n');
  return timed(
    'aws "$@" > /dev/null',
    ['s3', 'sync', tree, 's3://bench/aws/', '--endpoint-url', serve.url, '--ca-bundle', serve.ca, '--only-show-errors'],
    {
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  );
}

/** `count` random files of 4 KiB to 1 MiB (evenly on a log scale), a hundred to a directory; returns their sizes. */
function makeSyncTree(dir: string, count: number): number[] {
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) {
    const sub = join(dir, `d${Math.floor(i / 100)}`);
    mkdirSync(sub, { recursive: true });
    const size = Math.round(4096 * 256 ** (((i * 7919) % count) / count));
    writeFileSync(join(sub, `f${i}.bin`), randomFillSync(Buffer.allocUnsafe(size)));
    sizes.push(size);
  }
  return sizes;
}

/** Rewrites `n` files (other ones each round) with new bytes of the same size. */
function rewriteSome(dir: string, sizes: readonly number[], n: number, round: number): void {
  const step = Math.floor(sizes.length / n);
  for (let k = 0; k < n; k++) {
    const i = (k * step + round * 7) % sizes.length;
    writeFileSync(join(dir, `d${Math.floor(i / 100)}`, `f${i}.bin`), randomFillSync(Buffer.allocUnsafe(sizes[i]!)));
  }
}

async function startKeepingEmulator(cli: string, dir: string): Promise<{ url: string; ca: string; stop: () => void }> {
  mkdirSync(dir, { recursive: true });
  const child = spawn(process.execPath, [cli, 'serve', '--tls', '--dir', dir, '--bucket', 'bench', '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = await new Promise<{ url: string; ca: string }>((resolve) =>
    child.stdout.once('data', (d) => resolve(JSON.parse(String(d).split('\n')[0]!))),
  );
  return { ...info, stop: () => child.kill() };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
