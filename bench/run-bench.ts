/**
 * `npm run bench`: partpush against its single-thread mode and the transport ceiling, in one run.
 *   --quick       64 MiB, one run each, fewer scenarios (CI's smoke check; numbers are not judged)
 *   --size N      MiB per upload (default 1024)
 *   --runs N      runs per scenario (default 3, and 9 for the transport ceiling, whose TLS ratios
 *                 move by +-0.07 between 3-run benches on a shared 2-core VM; medians are reported)
 *   --only G,...  run only these groups: build, ceiling, peers, sweeps, memory, crc, wan, sources, proxy, emulator, bwlimit,
 *                 compression
 *                 (to reproduce one figure)
 *   wan only:     --rtts 20,60,150 (round trips, default 0,20,60,150), --window MiB (per connection
 *                 and direction, default 4), --cap MiB/s (all connections together), --bursts
 *                 EVERY:FOR (ms of held delivery every EVERY ms), --no-peers (leave out the JS peers)
 *   --sink-port N the nginx sink's TLS port (h2c and HTTP/1.1 on the next two), default 9643: a
 *                 second bench on the same machine needs other ports
 * Writes a table to stdout, raw results to bench/results/latest.json (quick.json with --quick) and
 * a chart to bench/results/latest.svg.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomFillSync } from 'node:crypto';
import { Bench } from 'tinybench';
import { crc32cOf, type Crc32cLibrary } from '../src/checksum/crc32c.js';
import type { ChildConfig, ChildResult } from './upload-child.js';
import type { PeerConfig } from './peer-child.js';
import { sinkAvailable, startSink, type Sink } from './nginx-sink.js';
import { renderChart } from './render-chart.js';
import { startWanRelay } from './wan-relay.js';
import { runAwsCli, awsCliInstalled, type AwsCliRun } from './aws-cli-run.js';
import { runShell, type ShellRun } from './shell-run.js';
import { squidInstalled, startSquidProxy } from './squid-proxy.js';
import { startServe } from './serve-target.js';
import { runSyncBench, type SyncBenchRow } from './sync-bench.js';
import { compressionGoals, compressionScenarios, IMAGE_PATTERN } from './compression-group.js';
import { makeMixedFile } from './vm-image-data.js';

const MiB = 1024 * 1024;
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const flag = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : undefined;
};
const size = (flag('--size') ?? (quick ? 64 : 1024)) * MiB;
const runs = flag('--runs') ?? (quick ? 1 : 3);
const ceilingRuns = flag('--runs') ?? (quick ? 1 : 9);
const GROUPS = [
  'build',
  'ceiling',
  'peers',
  'sweeps',
  'memory',
  'crc',
  'wan',
  'sources',
  'proxy',
  'emulator',
  'bwlimit',
  'compression',
] as const;
const only = argv.includes('--only') ? (argv[argv.indexOf('--only') + 1]?.split(',') ?? []) : [...GROUPS];
if (only.length === 0 || only.some((g) => !(GROUPS as readonly string[]).includes(g))) {
  throw new Error(`--only takes a comma-separated list of groups from: ${GROUPS.join(', ')} (got "${only.join(',')}")`);
}
const wanted = (group: (typeof GROUPS)[number]) => only.includes(group);
const listFlag = (name: string) => (argv.includes(name) ? (argv[argv.indexOf(name) + 1] ?? '').split(/[,:]/).map(Number) : undefined);
const wanRtts = listFlag('--rtts') ?? (quick ? [0, 60] : [0, 20, 60, 150]);
const wanWindowMiB = flag('--window') ?? 4;
const wanCapMiB = flag('--cap');
const wanBursts = listFlag('--bursts');
const wanPeers = !argv.includes('--no-peers');
const sinkPort = flag('--sink-port');
/** The relay's link beyond its round trip, as group names and file names carry it. */
const wanLink = [
  `${wanWindowMiB} MiB window`,
  ...(wanCapMiB ? [`${wanCapMiB} MiB/s cap`] : []),
  ...(wanBursts ? [`${wanBursts[1]} ms held every ${wanBursts[0]} ms`] : []),
].join(', ');
const wanFile = `wan${wanWindowMiB === 4 ? '' : `-w${wanWindowMiB}`}${wanCapMiB ? `-cap${wanCapMiB}` : ''}${wanBursts ? `-bursts${wanBursts.join('x')}` : ''}`;
const CHILD = fileURLToPath(new URL('./upload-child.js', import.meta.url));
const PEER_CHILD = fileURLToPath(new URL('./peer-child.js', import.meta.url));
const CLI = fileURLToPath(new URL('../src/cli/partpush.js', import.meta.url));
const RESULTS = fileURLToPath(new URL('../../bench/results/', import.meta.url));

interface Target {
  name: string;
  tls: string;
  h2c: string;
  h1: string;
  ca: string;
  stop: () => void;
}

interface Row {
  scenario: string;
  group: string;
  mibPerSecond: number;
  runs: number[];
  cpuSecondsPerGiB?: number;
  maxRssMiB?: number;
  /** Connections the upload reported using (partpush: result.connections). */
  connections?: number;
  /** The tail (first idle lane to Complete) in % of the upload's time, where partpush measured it. */
  tailPercent?: number;
  eluPercent?: number;
  p99DelayMs?: number;
  /** The histogram's p99 before the timer's 1 ms period is taken off (see watch-main-thread.ts). */
  p99IntervalMs?: number;
  /** The main thread's time on a core over the upload's wall time, in %: a busy host's work done. */
  mainCorePercent?: number;
  /** Uncompressed bytes over the bytes stored (compressed uploads only). */
  compressionRatio?: number;
}

const work = mkdtempSync(join(tmpdir(), 'partpush-bench-'));
const rows: Row[] = [];
const notes: string[] = [];

function makeFile(name: string, bytes: number, random: boolean): string {
  const path = join(work, name);
  const fd = openSync(path, 'w');
  if (random) {
    const chunk = Buffer.allocUnsafe(8 * MiB);
    for (let written = 0; written < bytes; written += chunk.length) {
      const n = Math.min(chunk.length, bytes - written);
      randomFillSync(chunk, 0, n);
      writeFileSync(fd, chunk.subarray(0, n));
    }
  } else {
    ftruncateSync(fd, bytes); // sparse: zeros, no disk
  }
  closeSync(fd);
  return path;
}

function runChild(config: ChildConfig | PeerConfig): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const script = 'peer' in config ? PEER_CHILD : CHILD;
    const child = spawn(process.execPath, [script, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out) as ChildResult) : reject(new Error(`upload child failed (${code}): ${err.trim()}`)),
    );
  });
}

const FLOOR = 'an idle Node process beside a workers upload (its own event loop)';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** h2load pushing the same bytes, part by part, on the given connections: the raw-client reference. */
interface H2loadRun {
  url: string;
  partFile: string;
  parts: number;
  connections: number;
  streams: number;
  h1: boolean;
}

type Scenario =
  | { name: string; config: ChildConfig | PeerConfig }
  | { name: string; h2load: H2loadRun }
  | { name: string; awsCli: AwsCliRun }
  | { name: string; shell: ShellRun };

const h2loadInstalled = () => spawnSync('h2load', ['--version']).status === 0;

/**
 * Runs each scenario `runs` times through tinybench and records medians. Rounds interleave the
 * scenarios (A B C, A B C, ...), h2load included, so a noisy minute on a shared machine hits each
 * of them alike.
 */
async function measure(group: string, scenarios: Scenario[], rounds = runs): Promise<void> {
  const samples = new Map<string, ChildResult[]>(scenarios.map((s) => [s.name, []]));
  const errors = new Map<string, string>();
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ iterations: 1, time: 0, warmup: false });
    for (const s of scenarios) {
      bench.add(s.name, async () => {
        samples
          .get(s.name)!
          .push(
            'h2load' in s
              ? runH2load(s.h2load)
              : 'awsCli' in s
                ? await runAwsCli(s.awsCli)
                : 'shell' in s
                  ? await runShell(s.shell)
                  : await runChild(s.config),
          );
      });
    }
    await bench.run();
    for (const s of scenarios) {
      const error: unknown = bench.getTask(s.name)?.result?.error;
      if (error) errors.set(s.name, error instanceof Error ? error.message : JSON.stringify(error));
    }
  }
  for (const s of scenarios) {
    const results = samples.get(s.name)!;
    if (results.length === 0) throw new Error(`${s.name}: no run completed (${errors.get(s.name) ?? 'unknown error'})`);
    const rates = results.map((r) => r.bytes / r.seconds / MiB);
    const busy = 'config' in s && 'busy' in s.config && s.config.busy;
    // Every figure is its own median over the runs (h2load reports no RSS or event loop: NaN).
    const metric = (value: (r: ChildResult) => number) => (Number.isNaN(value(results[0]!)) ? undefined : median(results.map(value)));
    // A scenario with an idle process beside the upload reports that process's event loop.
    const loop = (r: ChildResult) => r.beside ?? r;
    rows.push({
      scenario: s.name,
      group,
      mibPerSecond: median(rates),
      runs: rates.map(Math.round),
      cpuSecondsPerGiB: busy ? undefined : metric((r) => r.cpuSeconds / (r.bytes / 1024 / MiB)),
      maxRssMiB: metric((r) => r.maxRssBytes / MiB),
      eluPercent: metric((r) => loop(r).elu * 100),
      p99DelayMs: metric((r) => loop(r).p99DelayMs),
      p99IntervalMs: metric((r) => loop(r).p99IntervalMs),
      mainCorePercent: metric((r) => loop(r).coreShare * 100),
      connections: results.every((r) => r.connections !== undefined) ? median(results.map((r) => r.connections!)) : undefined,
      tailPercent: results.every((r) => r.tailSeconds !== undefined)
        ? median(results.map((r) => (100 * r.tailSeconds!) / r.seconds))
        : undefined,
      compressionRatio: results[0]!.storedBytes === undefined ? undefined : median(results.map((r) => r.bytes / r.storedBytes!)),
    });
  }
}

/** One h2load run; its CPU time comes from the shell's `times` (children's user and system time). */
function runH2load(run: H2loadRun): ChildResult {
  const args = [
    '-n',
    String(run.parts),
    '-c',
    String(run.connections),
    '-m',
    String(run.streams),
    '-d',
    run.partFile,
    ...(run.h1 ? ['--h1'] : []),
    `${run.url}/b/ceiling`,
  ];
  const r = spawnSync('bash', ['-c', 'h2load "$@" && times', 'h2load', ...args], { encoding: 'utf8' });
  const finished = /finished in ([\d.]+)(ms|s)/.exec(r.stdout ?? '');
  if (r.status !== 0 || !finished || !/succeeded, 0 failed/.test(r.stdout))
    throw new Error(`h2load failed: ${(r.stdout + r.stderr).trim().slice(-500)}`);
  const [user, system] = [...(r.stdout.trim().split('\n').at(-1) ?? '').matchAll(/(\d+)m([\d.]+)s/g)].map(
    (m) => Number(m[1]) * 60 + Number(m[2]),
  );
  return {
    seconds: Number(finished[1]) / (finished[2] === 'ms' ? 1000 : 1),
    bytes: run.parts * statSync(run.partFile).size,
    cpuSeconds: (user ?? NaN) + (system ?? NaN),
    maxRssBytes: NaN,
    elu: NaN,
    p99DelayMs: NaN,
    p99IntervalMs: NaN,
    coreShare: NaN,
  };
}

/**
 * The two CRC32C libraries partpush can use, side by side in this process: @node-rs/crc32 (its
 * dependency) and aws-crt (used when installed), over 64 MiB in 1 MiB buffers (the send chunk
 * size), cycling through four of them as a part's read ring does, so the bytes come from the cache
 * as they do right after a read. Each checksum's CPU per GiB is the inverse of its rate on one core; the report sets it
 * beside a whole upload's CPU per GiB.
 */
async function measureCrc32c(): Promise<void> {
  const ring = Array.from({ length: 4 }, () => randomFillSync(Buffer.allocUnsafe(MiB)));
  const chunks = Array.from({ length: 64 }, (_, i) => ring[i % ring.length]!);
  const libraries: Crc32cLibrary[] = ['@node-rs/crc32', 'aws-crt'];
  const bench = new Bench({ iterations: quick ? 10 : 50, warmupIterations: 5 });
  for (const library of libraries) {
    const crc = crc32cOf(library);
    bench.add(library, () => {
      let c = 0;
      for (const chunk of chunks) c = crc(chunk, c);
      return c;
    });
  }
  await bench.run();
  for (const name of libraries) {
    const latency = bench.getTask(name)!.result!.latency;
    const mibPerSecond = (64 * 1000) / latency.p50!;
    rows.push({
      scenario: name,
      group: 'CRC32C of 1 MiB buffers (one core)',
      mibPerSecond,
      runs: [Math.round(mibPerSecond)],
      cpuSecondsPerGiB: 1024 / mibPerSecond,
    });
  }
}

function startEmulatorTargets(): Target {
  // Fallback when nginx is missing: partpush's own emulator, keeping no bytes, in other processes.
  const serve = (flags: string[]) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--discard', '--bucket', 'bench', '--json', ...flags], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return {
      child,
      info: new Promise<{ url: string; ca: string | null }>((resolve) =>
        child.stdout.once('data', (d) => resolve(JSON.parse(String(d).split('\n')[0]!))),
      ),
    };
  };
  const tls = serve(['--tls']);
  const h2c = serve(['--h2c']);
  const h1 = serve([]);
  const target = {
    name: 'partpush serve --discard',
    tls: '',
    h2c: '',
    h1: '',
    ca: '',
    stop() {
      for (const s of [tls, h2c, h1]) s.child.kill();
    },
  };
  return Object.assign(target, {
    ready: Promise.all([tls.info, h2c.info, h1.info]).then(([a, b, c]) => {
      target.tls = a.url;
      target.ca = a.ca!;
      target.h2c = b.url;
      target.h1 = c.url;
    }),
  });
}

async function main(): Promise<void> {
  console.log(
    `partpush bench: ${quick ? 'quick, ' : ''}${size / MiB} MiB per upload, ${runs} run(s) per scenario (${ceilingRuns} for the ceiling), ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}`,
  );
  let target: Target;
  if (sinkAvailable()) {
    const sink: Sink = await startSink(join(work, 'sink'), sinkPort ? { tls: sinkPort, h2c: sinkPort + 1, h1: sinkPort + 2 } : undefined);
    target = { name: 'nginx sink', ...sink };
  } else {
    notes.push(
      'nginx-light and libnginx-mod-http-echo are not installed: measured against `partpush serve --discard` instead of the nginx sink (apt-get install -y nginx-light libnginx-mod-http-echo)',
    );
    const t = startEmulatorTargets() as Target & { ready: Promise<void> };
    await t.ready;
    target = t;
  }
  try {
    const file = makeFile('source.bin', size, true);
    // Up to 8 parts of 5 MiB: every lane of the widest sweep opens its session before the clock starts.
    const warmUpFile = makeFile('warm-up.bin', quick ? 10 * MiB : 40 * MiB, true);
    const caPem = readFileSync(target.ca, 'utf8');
    const partSize = 32 * MiB;
    const ceilingPart = makeFile('part.bin', Math.min(partSize, size), true);
    const parts = Math.max(1, Math.floor(size / Math.min(partSize, size)));
    // The sink's heap grows to the most bodies it has held at once the first time it holds them
    // (fresh memory, slow on some VMs); fill it once with more than any scenario sends at a time
    // (tuned lib-storage: 16 parts of 32 MiB), so no scenario pays for that growth.
    if (h2loadInstalled()) runH2load({ url: target.h1, partFile: ceilingPart, parts: 32, connections: 16, streams: 1, h1: true });
    const base = (extra: Partial<ChildConfig['options']> = {}, endpoint = target.tls): ChildConfig['options'] => ({
      endpoint,
      ca: caPem,
      auth: 'none',
      partSize: Math.min(partSize, Math.max(5 * MiB, size / 2)),
      workers: 1,
      streamsPerWorker: 4,
      ...extra,
    });
    const cold = (options: ChildConfig['options'], extra: Partial<ChildConfig> = {}): ChildConfig => ({
      file,
      shared: false,
      destination: 's3://bench/bench',
      options,
      busy: false,
      ...extra,
    });
    const warm = (options: ChildConfig['options'], extra: Partial<ChildConfig> = {}): ChildConfig =>
      cold(options, { warmUpFile, ...extra });

    // 1. Build host: a long-lived uploader, the main thread busy with 90 ms slices of synchronous work.
    if (wanted('build'))
      await measure('build host (warm uploader, TLS h2, 1 worker x 4 streams)', [
        { name: 'workers, idle main thread', config: warm(base()) },
        { name: 'workers, busy main thread', config: warm(base(), { busy: true }) },
        { name: 'inline, idle main thread', config: warm(base({ mode: 'inline' })) },
        { name: 'inline, busy main thread', config: warm(base({ mode: 'inline' }), { busy: true }) },
        { name: 'workers, cold start (one upload() call)', config: cold(base()) },
        // workerNice: the worker thread gives way to the main thread (and, here, to the sink).
        { name: 'workers at nice 10, idle main thread', config: warm(base({ workerNice: 10 })) },
        { name: 'workers at nice 10, busy main thread', config: warm(base({ workerNice: 10 }), { busy: true }) },
        // The same upload as the first row, read from another process: what this machine does to any
        // thread that sleeps and wakes while the upload and the sink fill its cores.
        { name: FLOOR, config: warm(base(), { probeBeside: true }) },
      ]);

    // 2. Transport ceiling: partpush (warm, like h2load's timing) and h2load on the same connections.
    // Without a checksum partpush does what h2load does (read, send); with CRC32C it also reads each
    // part once more to checksum it before sending.

    for (const [proto, url, h1] of (!wanted('ceiling')
      ? []
      : quick
        ? [['TLS h2', target.tls, false]]
        : [
            ['TLS h2', target.tls, false],
            ['h2c', target.h2c, false],
            ['HTTP/1.1', target.h1, true],
            // What AWS S3 speaks: four TLS connections, one part each, against h2load --h1 over TLS.
            ['TLS HTTP/1.1', target.tls, true],
          ]) as Array<[string, string, boolean]>) {
      const group = `ceiling: ${proto}`;
      const options = (checksum: 'crc32c' | 'none') =>
        base({ http: h1 ? '1.1' : proto === 'h2c' ? '2' : 'auto', partSize: Math.min(partSize, size), checksum }, url);
      const raw = h2loadInstalled()
        ? [{ name: `h2load ${proto}`, h2load: { url, partFile: ceilingPart, parts, connections: h1 ? 4 : 1, streams: h1 ? 1 : 4, h1 } }]
        : [];
      if (raw.length === 0) notes.push(`${group}: h2load is not installed (apt-get install -y nghttp2-client)`);
      await measure(
        group,
        [
          { name: `partpush ${proto}, no checksum`, config: warm(options('none')) },
          { name: `partpush ${proto}, CRC32C`, config: warm(options('crc32c')) },
          ...raw,
        ],
        ceilingRuns,
      );
    }

    // 3. Peers on the same store and file (their defaults, then their best settings), checksums as
    // stated; every library from a cold start, as a one-off upload runs.
    const peer = (name: PeerConfig['peer'], options: Record<string, unknown>, client?: Record<string, unknown>): PeerConfig => ({
      peer: name,
      file,
      size,
      endpoint: target.tls,
      ca: caPem,
      options,
      client,
    });
    if (wanted('peers'))
      await measure('peers (TLS, cold start; partpush: h2, CRC32C on)', [
        { name: 'partpush, workers, CRC32C', config: cold(base()) },
        { name: 'GCS uploadFileInChunks, defaults (CRC32C in JS)', config: peer('gcs-transfer-manager', {}) },
        {
          name: 'GCS uploadFileInChunks, validation off, 16 in flight',
          config: peer('gcs-transfer-manager', { validation: false, concurrencyLimit: 16 }),
        },
        { name: 'AWS lib-storage Upload, defaults (CRC32 by the SDK)', config: peer('aws-lib-storage', {}) },
        {
          name: 'AWS lib-storage Upload, 32 MiB x 16, no Expect: 100',
          config: peer('aws-lib-storage', { partSize: 32 * MiB, queueSize: 16 }, { expectContinueHeader: false }),
        },
      ]);

    if (!quick) {
      // 4. Sweeps (warm uploader).
      if (wanted('sweeps')) {
        await measure(
          'sweep: part size',
          [16, 32, 64].map((mib) => ({ name: `part size ${mib} MiB`, config: warm(base({ partSize: mib * MiB })) })),
        );
        await measure(
          'sweep: workers x streams',
          [
            [1, 2],
            [1, 4],
            [1, 8],
            [2, 4],
          ].map(([w, s]) => ({ name: `${w} worker(s) x ${s} streams`, config: warm(base({ workers: w, streamsPerWorker: s })) })),
        );
        await measure('sweep: source and checksum', [
          { name: 'file, crc32c', config: warm(base()) },
          { name: 'file, no checksum', config: warm(base({ checksum: 'none' })) },
          { name: 'SharedArrayBuffer, crc32c', config: warm(base(), { shared: true }) },
          { name: 'SharedArrayBuffer, no checksum', config: warm(base({ checksum: 'none' }), { shared: true }) },
        ]);
        await measure('sweep: HTTP version (1 worker x 4)', [
          { name: 'TLS h2', config: warm(base()) },
          { name: 'TLS HTTP/1.1 (4 connections)', config: warm(base({ http: '1.1' })) },
        ]);
      }
      // Cold: peak RSS over the whole life of a one-off upload.
      const sparse1 = makeFile('sparse-1g.img', 1024 * MiB, false);
      const sparse4 = makeFile('sparse-4g.img', 4096 * MiB, false);
      if (wanted('memory'))
        await measure('memory: peak RSS as the file grows (cold start)', [
          { name: 'file 1 GiB', config: { ...cold(base()), file: sparse1 } },
          { name: 'file 4 GiB', config: { ...cold(base()), file: sparse4 } },
        ]);
    }
    if (wanted('crc')) await measureCrc32c();

    // 5. Round trips: the WAN relay (4 MiB in flight per connection and direction, as Linux's
    // default TCP autotuning allows) in front of the TLS sink; 0 ms is the sink itself. Cold
    // one-off uploads, timed over the whole command or call, as a user runs them.
    if (wanted('wan')) {
      const tlsPort = Number(new URL(target.tls).port);
      const awsCli = awsCliInstalled();
      if (!awsCli) notes.push('wan: aws-cli is not installed; its rows are missing');
      for (const rtt of wanRtts) {
        const relay =
          rtt === 0
            ? undefined
            : await startWanRelay({
                target: { host: '127.0.0.1', port: tlsPort },
                rttMs: rtt,
                windowBytes: wanWindowMiB * MiB,
                totalBandwidthBytesPerSecond: wanCapMiB ? wanCapMiB * MiB : undefined,
                delayBursts: wanBursts ? { everyMs: wanBursts[0]!, forMs: wanBursts[1]! } : undefined,
              });
        const endpoint = relay ? `https://127.0.0.1:${relay.port}` : target.tls;
        const defaults = (extra: Partial<ChildConfig['options']> = {}): ChildConfig['options'] => ({
          endpoint,
          ca: caPem,
          auth: 'none',
          ...extra,
        });
        const aws = (tuned: boolean): AwsCliRun => ({ file, endpoint, caFile: target.ca, tuned, dir: work });
        // The hand sweep: workers x parts in flight x part size, each fixed (so nothing adapts).
        const sweep: Array<[number, number, number]> = [
          [1, 16, 32],
          [1, 32, 8],
          [1, 32, 16],
          [2, 16, 16],
        ];
        try {
          // Pairs: each round runs the defaults, then the others, so a busy minute hits them alike.
          await measure(`wan: ${rtt} ms round trip, ${wanLink}`, [
            { name: `${rtt} ms: partpush defaults`, config: cold(defaults()) },
            ...(awsCli
              ? [
                  { name: `${rtt} ms: aws-cli defaults`, awsCli: aws(false) },
                  { name: `${rtt} ms: aws-cli tuned (32 requests, 32 MB parts)`, awsCli: aws(true) },
                ]
              : []),
            ...sweep.map(([w, streams, mib]) => ({
              name: `${rtt} ms: partpush, ${w} worker${w > 1 ? 's' : ''} x ${streams} streams, ${mib} MiB parts`,
              config: cold(defaults({ workers: w, streamsPerWorker: streams, partSize: mib * MiB })),
            })),
            { name: `${rtt} ms: partpush, 4 workers`, config: cold(defaults({ workers: 4 })) },
            ...(wanPeers
              ? [
                  { name: `${rtt} ms: AWS lib-storage Upload, defaults`, config: { ...peer('aws-lib-storage', {}), endpoint } },
                  { name: `${rtt} ms: GCS uploadFileInChunks, defaults`, config: { ...peer('gcs-transfer-manager', {}), endpoint } },
                ]
              : []),
          ]);
        } finally {
          await relay?.close();
        }
      }
    }
    // 5b. Behind a proxy: the defaults through Squid on loopback (a CONNECT tunnel per session,
    // HTTP/2 inside) against the same defaults direct, A/B in one run.
    // 8. --bwlimit 40MiB on a 120 MiB file (warm uploader, TLS h2): 3.0 s +-10%, in both modes.
    if (wanted('bwlimit')) {
      const capped = makeFile('bwlimit.bin', BWLIMIT_FILE, true);
      const options = (mode: 'workers' | 'inline') => base({ mode, bwlimit: '40MiB', partSize: 32 * MiB });
      await measure('bwlimit: 120 MiB at --bwlimit 40MiB (warm uploader, TLS h2)', [
        { name: 'bwlimit 40MiB, workers', config: warm(options('workers'), { file: capped }) },
        { name: 'bwlimit 40MiB, inline', config: warm(options('inline'), { file: capped }) },
      ]);
    }
    if (wanted('proxy')) {
      if (!squidInstalled()) notes.push('proxy: squid is not installed (apt-get install -y squid); its rows are missing');
      else {
        const squid = await startSquidProxy();
        try {
          const defaults = { endpoint: target.tls, ca: caPem, auth: 'none' as const };
          await measure('proxy', [
            { name: 'proxy: partpush defaults, direct', config: cold({ ...defaults, proxy: false }) },
            { name: 'proxy: partpush defaults, through Squid', config: cold({ ...defaults, proxy: squid.url }) },
          ]);
        } finally {
          squid.stop();
        }
      }
    }
    // 5c. The emulator beside the ceiling: partpush's defaults (TLS, h2) to `partpush serve --tls`,
    // keeping the bytes (--memory, as tests run it) and dropping them (--discard), and to the nginx
    // sink, in the same rounds: how far below the ceiling the tests' own store puts an upload.
    if (wanted('emulator') && target.name === 'nginx sink') {
      const kept = await startServe(CLI, ['--tls', '--memory']);
      const dropped = await startServe(CLI, ['--tls', '--discard']);
      try {
        await measure('emulator', [
          { name: 'emulator: partpush defaults, nginx sink', config: cold({ endpoint: target.tls, ca: caPem, auth: 'none' }) },
          {
            name: 'emulator: partpush defaults, partpush serve --tls --memory',
            config: cold({ endpoint: kept.url, ca: kept.caPem, auth: 'none' }),
          },
          {
            name: 'emulator: partpush defaults, partpush serve --tls --discard',
            config: cold({ endpoint: dropped.url, ca: dropped.caPem, auth: 'none' }),
          },
        ]);
      } finally {
        kept.stop();
        dropped.stop();
      }
    }
    // 5d. Compression in the workers: a VM-image-like file and random data, compressed against
    // uncompressed and against zstd | aws s3 cp -, on loopback and through the relay at 60 ms.
    if (wanted('compression')) {
      const image = makeMixedFile(work, 'image.bin', size, 4 * MiB, IMAGE_PATTERN);
      const sinkPort = Number(new URL(target.tls).port);
      const zstdCli = spawnSync('zstd', ['--version']).status === 0;
      if (!zstdCli || !awsCliInstalled()) notes.push('compression: zstd or aws-cli is not installed; the pipeline row is missing');
      for (const rtt of [0, 60]) {
        const relay = rtt === 0 ? undefined : await startWanRelay({ target: { host: '127.0.0.1', port: sinkPort }, rttMs: rtt });
        const endpoint = relay ? `https://127.0.0.1:${relay.port}` : target.tls;
        const bench = {
          image,
          random: file,
          size,
          rttMs: rtt,
          endpoint,
          caPem,
          caFile: target.ca,
          dir: work,
          awsCli: zstdCli && awsCliInstalled(),
        };
        try {
          await measure(`compression: ${rtt} ms round trip`, compressionScenarios(bench));
        } finally {
          await relay?.close();
        }
      }
    }
    // 6. Sources: stdin against the same bytes from a file, and a directory of small files against
    // aws-cli, each as the CLI command a user types (cold, timed over the whole command).
    if (wanted('sources')) {
      const cp = (source: string, destination: string, extra: string[] = []) => [
        'cp',
        source,
        destination,
        '--endpoint',
        target.tls,
        '--ca',
        target.ca,
        '--no-auth',
        '--quiet',
        ...extra,
      ];
      await measure('sources: stdin against a file (CLI, TLS h2, the same bytes)', [
        {
          name: 'partpush cp FILE',
          shell: { script: `"${process.execPath}" "${CLI}" "$@"`, args: cp(file, 's3://bench/from-file'), bytes: size },
        },
        {
          name: 'partpush cp - < FILE (stdin from the file)',
          shell: { script: `"${process.execPath}" "${CLI}" "$@" < "${file}"`, args: cp('-', 's3://bench/from-stdin'), bytes: size },
        },
        {
          name: 'partpush cp - from a pipe (cat FILE, piped)',
          shell: { script: `cat "${file}" | "${process.execPath}" "${CLI}" "$@"`, args: cp('-', 's3://bench/from-pipe'), bytes: size },
        },
      ]);
      const tree = makeTree(join(work, 'tree'), TREE_FILES);
      await measure(`sources: a directory of ${TREE_FILES} files, 4 KiB to 1 MiB (${(tree.bytes / MiB).toFixed(0)} MiB)`, [
        {
          name: 'partpush cp -r DIR',
          shell: { script: `"${process.execPath}" "${CLI}" "$@"`, args: cp(tree.dir, 's3://bench/tree/', ['-r']), bytes: tree.bytes },
        },
        ...(awsCliInstalled()
          ? [
              {
                name: 'aws s3 cp --recursive DIR',
                awsCli: { file: tree.dir, bytes: tree.bytes, endpoint: target.tls, caFile: target.ca, tuned: false, dir: work },
              },
            ]
          : []),
      ]);
      treeFiles = TREE_FILES;
      treeBytes = tree.bytes;
      // sync: a tree of 10,000 files, 1% changed, against aws s3 sync, on an emulator that keeps its objects.
      syncRows.push(...(await runSyncBench({ work, files: SYNC_FILES, runs, cli: CLI, awsCli: awsCliInstalled() })));
      if (!awsCliInstalled()) notes.push('sources: aws-cli is not installed; the sync rows have no aws s3 sync to compare with');
    }
  } finally {
    target.stop();
    rmSync(work, { recursive: true, force: true });
  }
  report();
}

// A quick run (CI's smoke check) sends a tenth of the files: the same code paths, a fraction of the time.
const TREE_FILES = quick ? 100 : 1000;
const SYNC_FILES = quick ? 1000 : 10_000;
const syncRows: SyncBenchRow[] = [];
const BWLIMIT_FILE = 120 * MiB;
let treeFiles = 0;
let treeBytes = 0;

/** `count` random files of 4 KiB to 1 MiB (sizes spread evenly on a log scale), ten to a directory. */
function makeTree(dir: string, count: number): { dir: string; bytes: number } {
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const sub = join(dir, `d${Math.floor(i / 10)}`);
    mkdirSync(sub, { recursive: true });
    const fileSize = Math.round(4096 * 256 ** (((i * 7919) % count) / count));
    const chunk = Buffer.allocUnsafe(fileSize);
    randomFillSync(chunk);
    writeFileSync(join(sub, `f${i}.bin`), chunk);
    bytes += fileSize;
  }
  return { dir, bytes };
}

/** Objects per second of a directory row: its files over the time its bytes took. */
function objectsPerSecond(row: Row | undefined): number | undefined {
  return row && treeBytes > 0 ? treeFiles / (treeBytes / MiB / row.mibPerSecond) : undefined;
}

function syncSeconds(scenario: string): number | undefined {
  return syncRows.find((r) => r.scenario === scenario)?.median;
}

function find(scenario: string): Row | undefined {
  return rows.find((r) => r.scenario === scenario);
}

function report(): void {
  const fmt = (n: number | undefined, digits = 0) => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits));
  console.log(
    '\n| group | scenario | MiB/s (median) | runs | CPU s/GiB | peak RSS MiB | main ELU % | p99 delay ms | main thread % of a core |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(
      `| ${r.group} | ${r.scenario} | ${fmt(r.mibPerSecond)} | ${r.runs.join(' ')} | ${fmt(r.cpuSecondsPerGiB, 2)} | ${fmt(r.maxRssMiB)} | ${fmt(r.eluPercent, 1)} | ${fmt(r.p99DelayMs, 1)} | ${fmt(r.mainCorePercent)} |`,
    );
  }
  const quotient = (a?: number, b?: number) => (a !== undefined && b !== undefined ? a / b : undefined);
  const wanRows = rows.filter((r) => r.group.startsWith('wan: '));
  if (wanRows.length > 0) {
    console.log('\n| round trip | scenario | MiB/s (median) | runs | CPU s/GiB | peak RSS MiB | connections | tail % |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const r of wanRows) {
      const [rtt, name] = r.scenario.split(': ');
      console.log(
        `| ${rtt} | ${name} | ${fmt(r.mibPerSecond)} | ${r.runs.join(' ')} | ${fmt(r.cpuSecondsPerGiB, 2)} | ${fmt(r.maxRssMiB)} | ${fmt(r.connections)} | ${fmt(r.tailPercent, 1)} |`,
      );
    }
  }
  const ratio = (a?: Row, b?: Row) => quotient(a?.mibPerSecond, b?.mibPerSecond);
  const cpuRatio = (a: string, b: string) => quotient(find(a)?.cpuSecondsPerGiB, find(b)?.cpuSecondsPerGiB);
  const cpuOf = (name: string) => find(name)?.cpuSecondsPerGiB?.toFixed(2) ?? '-';
  const cpuPair = (a: string, b: string) => `partpush ${cpuOf(a)}, h2load ${cpuOf(b)}`;
  const cores = availableParallelism();
  const goals: Array<{ goal: string; value?: number; min?: number; max?: number; context?: boolean }> = [
    {
      goal: 'busy main thread: workers / inline >= 8x',
      value: ratio(find('workers, busy main thread'), find('inline, busy main thread')),
      min: 8,
    },
    {
      goal: `workers busy / idle (held to >= 0.9 only where cores >= workers + 2; here ${cores} cores, 1 worker)`,
      value: ratio(find('workers, busy main thread'), find('workers, idle main thread')),
      min: cores >= 3 ? 0.9 : undefined,
    },
    { goal: 'main-thread ELU during a workers upload <= 2%', value: find('workers, idle main thread')?.eluPercent, max: 2 },
    { goal: 'main-thread p99 event-loop delay <= 5 ms', value: find('workers, idle main thread')?.p99DelayMs, max: 5 },
    {
      goal: "context: busy main thread's share of a core during a workers upload, workers at nice 10 / default",
      value: quotient(find('workers at nice 10, busy main thread')?.mainCorePercent, find('workers, busy main thread')?.mainCorePercent),
      context: true,
    },
    {
      goal: "context: main-thread p99 delay / an idle process's beside the same upload (the machine's floor)",
      value: quotient(find('workers, idle main thread')?.p99DelayMs, find(FLOOR)?.p99DelayMs),
      context: true,
    },
    // CPU per GiB beside each ratio: the ratio moves with the VM (0.99 on one, 0.64 on another)
    // where the per-byte cost does not.
    ...['TLS h2', 'h2c', 'HTTP/1.1', 'TLS HTTP/1.1'].flatMap((p) => [
      {
        goal: `${p}: partpush, no checksum (the work h2load does) / h2load on the same connections >= 0.9 (CPU s/GiB: ${cpuPair(`partpush ${p}, no checksum`, `h2load ${p}`)})`,
        value: ratio(find(`partpush ${p}, no checksum`), find(`h2load ${p}`)),
        min: 0.9,
      },
      {
        goal: `${p}: partpush, CRC32C / h2load on the same connections >= 0.9 (CPU s/GiB: ${cpuPair(`partpush ${p}, CRC32C`, `h2load ${p}`)})`,
        value: ratio(find(`partpush ${p}, CRC32C`), find(`h2load ${p}`)),
        min: 0.9,
      },
    ]),
    {
      goal: 'vs GCS uploadFileInChunks defaults (CRC32C on both): throughput >= 5x',
      value: ratio(find('partpush, workers, CRC32C'), find('GCS uploadFileInChunks, defaults (CRC32C in JS)')),
      min: 5,
    },
    {
      goal: 'vs GCS uploadFileInChunks defaults: CPU per GiB <= 1/5 (partpush / peer)',
      value: cpuRatio('partpush, workers, CRC32C', 'GCS uploadFileInChunks, defaults (CRC32C in JS)'),
      max: 0.2,
    },
    {
      goal: 'vs GCS uploadFileInChunks best (validation off; partpush CRC32C on): >= 1.2x',
      value: ratio(find('partpush, workers, CRC32C'), find('GCS uploadFileInChunks, validation off, 16 in flight')),
      min: 1.2,
    },
    {
      goal: 'vs tuned AWS lib-storage: >= 2.5x',
      value: ratio(find('partpush, workers, CRC32C'), find('AWS lib-storage Upload, 32 MiB x 16, no Expect: 100')),
      min: 2.5,
    },
    {
      goal: "context: CPU of @node-rs/crc32's CRC32C / CPU of a whole TLS h2 upload with CRC32C, per GiB",
      value: cpuRatio('@node-rs/crc32', 'partpush TLS h2, CRC32C'),
      context: true,
    },
    {
      goal: "context: CPU of aws-crt's CRC32C / CPU of a whole TLS h2 upload with CRC32C, per GiB",
      value: cpuRatio('aws-crt', 'partpush TLS h2, CRC32C'),
      context: true,
    },
    ...wanRtts.flatMap((rtt) => {
      const at = (name: string) => find(`${rtt} ms: ${name}`);
      const fastest = (candidates: Row[]) =>
        candidates.length > 0 ? candidates.reduce((a, b) => (b.mibPerSecond > a.mibPerSecond ? b : a)) : undefined;
      const sweep = rows.filter((r) => r.scenario.startsWith(`${rtt} ms: partpush`));
      const best = fastest(sweep);
      // The connections the defaults may use are the fastest fixed setting's: against the defaults
      // themselves (when they are the fastest row) the goal could not fail.
      const bestFixed = fastest(sweep.filter((r) => / x \d+ streams, /.test(r.scenario)));
      const judged = rtt >= 20 && wanWindowMiB === 4 && !wanCapMiB && !wanBursts;
      const defaults = at('partpush defaults');
      return [
        {
          goal: `${rtt} ms (${wanLink}): partpush defaults / aws-cli defaults${judged ? ' >= 1.5' : ''}`,
          value: ratio(defaults, at('aws-cli defaults')),
          ...(judged ? { min: 1.5 } : { context: true }),
        },
        {
          goal: `${rtt} ms (${wanLink}): partpush defaults / aws-cli tuned${judged ? ' >= 1.2' : ''}`,
          value: ratio(defaults, at('aws-cli tuned (32 requests, 32 MB parts)')),
          ...(judged ? { min: 1.2 } : { context: true }),
        },
        {
          goal: `${rtt} ms (${wanLink}): partpush defaults / the best partpush setting measured (${best?.scenario.replace(`${rtt} ms: `, '') ?? '-'}) >= 0.95`,
          value: ratio(defaults, best),
          min: 0.95,
        },
        ...(wanCapMiB
          ? [
              {
                goal: `${rtt} ms (${wanLink}): connections of the defaults / of the fastest fixed setting (${bestFixed?.scenario.replace(`${rtt} ms: `, '') ?? '-'}: ${bestFixed?.connections ?? '-'}) <= 1`,
                value: quotient(defaults?.connections, bestFixed?.connections),
                max: 1,
              },
            ]
          : []),
        {
          goal: `${rtt} ms (${wanLink}): the defaults' tail (first idle lane to Complete), % of the upload${rtt >= 60 ? ' < 10' : ''}`,
          value: defaults?.tailPercent,
          ...(rtt >= 60 ? { max: 10 } : { context: true }),
        },
        {
          goal: `${rtt} ms (${wanLink}): peak RSS of partpush with 4 workers < 250 MiB`,
          value: at('partpush, 4 workers')?.maxRssMiB,
          max: 250,
        },
      ];
    }),
    {
      goal: 'through Squid on loopback / direct, partpush defaults >= 0.8',
      value: ratio(find('proxy: partpush defaults, through Squid'), find('proxy: partpush defaults, direct')),
      min: 0.8,
    },
    {
      goal: 'context: partpush defaults to partpush serve --tls --memory (what tests run against) / to the nginx sink',
      value: ratio(find('emulator: partpush defaults, partpush serve --tls --memory'), find('emulator: partpush defaults, nginx sink')),
      context: true,
    },
    {
      goal: 'context: partpush defaults to partpush serve --tls --discard / to the nginx sink',
      value: ratio(find('emulator: partpush defaults, partpush serve --tls --discard'), find('emulator: partpush defaults, nginx sink')),
      context: true,
    },
    {
      goal: 'stdin from a pipe / the same bytes from a file >= 0.8',
      value: ratio(find('partpush cp - from a pipe (cat FILE, piped)'), find('partpush cp FILE')),
      min: 0.8,
    },
    {
      goal: 'context: stdin redirected from the file / the file',
      value: ratio(find('partpush cp - < FILE (stdin from the file)'), find('partpush cp FILE')),
      context: true,
    },
    {
      goal: `directory: partpush cp -r / aws s3 cp --recursive, objects per second >= 2 (partpush: ${objectsPerSecond(find('partpush cp -r DIR'))?.toFixed(0) ?? '-'} objects/s)`,
      value: quotient(objectsPerSecond(find('partpush cp -r DIR')), objectsPerSecond(find('aws s3 cp --recursive DIR'))),
      min: 2,
    },
    {
      goal: 'peak RSS, 4 GiB file / 1 GiB file <= 1.10',
      value: find('file 4 GiB') && find('file 1 GiB') ? find('file 4 GiB')!.maxRssMiB! / find('file 1 GiB')!.maxRssMiB! : undefined,
      max: 1.1,
    },
    { goal: 'peak RSS (4 GiB file) < 200 MiB', value: find('file 4 GiB')?.maxRssMiB, max: 200 },
    ...(['workers', 'inline'] as const).map((mode) => ({
      goal: `bwlimit 40MiB, 120 MiB (${mode}): seconds, 3.0 +-10% (2.7 to 3.3)`,
      value: find(`bwlimit 40MiB, ${mode}`) && BWLIMIT_FILE / MiB / find(`bwlimit 40MiB, ${mode}`)!.mibPerSecond,
      min: 2.7,
      max: 3.3,
    })),
    {
      goal: `sync, ${SYNC_FILES} files, 1% changed: aws s3 sync / partpush sync, wall time >= 3`,
      value: quotient(syncSeconds('1% changed: aws s3 sync'), syncSeconds('1% changed: partpush sync')),
      min: 3,
    },
    {
      goal: `sync, ${SYNC_FILES} files unchanged: partpush sync / (one listing pass + the local CRC32C pass) <= 2`,
      value: quotient(
        syncSeconds('unchanged: partpush sync'),
        syncSeconds('unchanged: one listing pass + the local CRC32C pass (the floor)'),
      ),
      max: 2,
    },
    {
      goal: 'context: sync unchanged without its record (CRC32C pass in the workers, a HEAD per file) / the floor',
      value: quotient(
        syncSeconds('unchanged: partpush sync, no record (full local CRC32C pass in the workers, a HEAD per file)'),
        syncSeconds('unchanged: one listing pass + the local CRC32C pass (the floor)'),
      ),
      context: true,
    },
    {
      goal: 'context: sync unchanged, aws s3 sync / partpush sync',
      value: quotient(syncSeconds('unchanged: aws s3 sync'), syncSeconds('unchanged: partpush sync')),
      context: true,
    },
    ...compressionGoals(find),
  ].filter((g) => g.value !== undefined);
  if (syncRows.length > 0) {
    console.log(`\n| sync, ${SYNC_FILES} files of 4 KiB to 1 MiB | seconds (median) | runs |`);
    console.log('| --- | --- | --- |');
    for (const r of syncRows) console.log(`| ${r.scenario} | ${r.median.toFixed(2)} | ${r.runs.map((x) => x.toFixed(2)).join(' ')} |`);
  }
  console.log('\n| goal | measured | met |');
  console.log('| --- | --- | --- |');
  for (const g of goals) {
    const met =
      g.min === undefined && g.max === undefined
        ? undefined
        : (g.min === undefined || g.value! >= g.min) && (g.max === undefined || g.value! <= g.max);
    console.log(
      `| ${g.goal} | ${g.value!.toFixed(2)} | ${g.context ? 'no goal' : met === undefined ? 'not held on this machine' : met ? 'yes' : 'NO'} |`,
    );
  }
  const compressed = rows.filter((r) => r.compressionRatio !== undefined);
  if (compressed.length > 0) {
    console.log('\n| compressed upload | ratio |');
    console.log('| --- | --- |');
    for (const r of compressed) console.log(`| ${r.scenario} | ${fmt(r.compressionRatio, 2)} |`);
  }
  for (const note of notes) console.log(`note: ${note}`);
  mkdirSync(RESULTS, { recursive: true });
  const results = {
    date: new Date().toISOString(),
    quick,
    size,
    runs,
    ceilingRuns,
    cores,
    cpu: cpus()[0]?.model,
    node: process.version,
    rows,
    sync: syncRows,
    goals,
    notes,
  };
  // A partial or quick run never overwrites the full results the README quotes.
  const full = !quick && only.length === GROUPS.length;
  const json = quick ? 'quick.json' : full ? 'latest.json' : 'partial.json';
  writeFileSync(join(RESULTS, json), `${JSON.stringify({ ...results, only }, null, 2)}\n`);
  if (full) writeFileSync(join(RESULTS, 'latest.svg'), renderChart(rows));
  // The round-trip group has a chart of its own (the README shows it), from any run but a quick one.
  const wan = rows.filter((r) => r.group.startsWith('wan: '));
  if (!quick && wan.length > 0) {
    writeFileSync(join(RESULTS, `${wanFile}.svg`), renderChart(wan, 'upload throughput by round trip, MiB/s (grey: the peers)'));
    writeFileSync(
      join(RESULTS, `${wanFile}.json`),
      `${JSON.stringify({ ...results, rows: wan, goals: goals.filter((g) => / ms \(/.test(g.goal)) }, null, 2)}\n`,
    );
  }
  const compression = rows.filter((r) => r.group.startsWith('compression: '));
  if (!quick && compression.length > 0) {
    writeFileSync(
      join(RESULTS, 'compression.json'),
      `${JSON.stringify({ ...results, rows: compression, goals: goals.filter((g) => g.goal.startsWith('compression')) }, null, 2)}\n`,
    );
  }
  // And the sources group's (the README quotes it), from any run but a quick one.
  const sources = rows.filter((r) => r.group.startsWith('sources: '));
  if (!quick && sources.length > 0) {
    writeFileSync(
      join(RESULTS, 'sources.json'),
      `${JSON.stringify({ ...results, rows: sources, goals: goals.filter((g) => /stdin|directory|sync/.test(g.goal)) }, null, 2)}\n`,
    );
  }
  console.log(
    `\nraw results: bench/results/${json}${full ? ', chart: bench/results/latest.svg' : ''}${!quick && wan.length > 0 ? `, round trips: bench/results/${wanFile}.json and ${wanFile}.svg` : ''}` +
      `${!quick && sources.length > 0 ? ', sources: bench/results/sources.json' : ''}`,
  );
}

await main();
