import type { ChildConfig } from './upload-child.js';
import type { ShellRun } from './shell-run.js';

/** What the compression group runs against, at one round trip. */
export interface CompressionBench {
  /** The VM-image-like file (vm-image-data.ts) and the random one, of the same size. */
  image: string;
  random: string;
  size: number;
  rttMs: number;
  endpoint: string;
  caPem: string;
  caFile: string;
  /** Where aws-cli's config file goes. */
  dir: string;
  awsCli: boolean;
}

export type CompressionScenario = { name: string; config: ChildConfig } | { name: string; shell: ShellRun };

/** The VM image's block pattern: text, zero, random, text, zero, zero, text (4 MiB blocks): about 4:1 under zstd -3. */
export const IMAGE_PATTERN = 'tzrtzzt';

/**
 * Compressed against uncompressed, A/B in one run, each a cold `upload()` in a process of its own
 * (one row a warm Uploader): the image and random data, with the defaults (level 1, one worker on
 * a 2-core machine), level 3, and two workers (what `zstd -T2` gets), and the shell pipeline a
 * user would write without partpush.
 */
export function compressionScenarios(b: CompressionBench): CompressionScenario[] {
  const at = `${b.rttMs} ms`;
  const run = (file: string, extra: ChildConfig['options'] = {}): ChildConfig => ({
    file,
    shared: false,
    destination: 's3://bench/bench',
    options: { endpoint: b.endpoint, ca: b.caPem, auth: 'none', ...extra },
    busy: false,
  });
  const zstd = { compress: { codec: 'zstd' as const } };
  return [
    { name: `${at}: image, uncompressed`, config: run(b.image) },
    { name: `${at}: image, --compress zstd`, config: run(b.image, zstd) },
    { name: `${at}: image, --compress zstd:3`, config: run(b.image, { compress: { codec: 'zstd', level: 3 } }) },
    { name: `${at}: image, --compress zstd, 2 workers`, config: run(b.image, { ...zstd, workers: 2 }) },
    // The main thread's share once the pool and its sessions are up, as in a build host that keeps
    // its Uploader: a cold upload's figure also holds the start (workers, TLS, the probe).
    { name: `${at}: image, --compress zstd, warm uploader`, config: { ...run(b.image, zstd), warmUpFile: b.image } },
    ...(b.awsCli ? [{ name: `${at}: image, zstd -T2 -3 | aws s3 cp -`, shell: zstdPipe(b) }] : []),
    { name: `${at}: random, uncompressed`, config: run(b.random) },
    { name: `${at}: random, --compress zstd`, config: run(b.random, zstd) },
    { name: `${at}: random, --compress zstd, 2 workers`, config: run(b.random, { ...zstd, workers: 2 }) },
  ];
}

/** `zstd -T2 -3 FILE | aws s3 cp - s3://...`: the pipeline, timed whole; its MiB/s are of the uncompressed file. */
function zstdPipe(b: CompressionBench): ShellRun {
  return {
    script:
      'set -o pipefail; zstd -T2 -3 -q -c "$1" | aws s3 cp - s3://bench/bench.zst --endpoint-url "$2" --ca-bundle "$3" --only-show-errors',
    args: [b.image, b.endpoint, b.caFile],
    bytes: b.size,
    env: {
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  };
}

interface RowLike {
  mibPerSecond: number;
  eluPercent?: number;
}

/** The goals, from the rows of this run. */
export function compressionGoals(
  find: (scenario: string) => RowLike | undefined,
): Array<{ goal: string; value?: number; min?: number; max?: number }> {
  const ratio = (a: string, b: string) => {
    const x = find(a)?.mibPerSecond;
    const y = find(b)?.mibPerSecond;
    return x !== undefined && y !== undefined ? x / y : undefined;
  };
  return [
    {
      goal: 'compression, 60 ms: image compressed / uncompressed >= 2x',
      value: ratio('60 ms: image, --compress zstd', '60 ms: image, uncompressed'),
      min: 2,
    },
    {
      goal: 'compression, 60 ms: image compressed (2 workers) / zstd -T2 -3 | aws s3 cp - >= 1.5x',
      value: ratio('60 ms: image, --compress zstd, 2 workers', '60 ms: image, zstd -T2 -3 | aws s3 cp -'),
      min: 1.5,
    },
    {
      goal: 'compression, 0 ms: random compressed / uncompressed >= 0.8x',
      value: ratio('0 ms: random, --compress zstd', '0 ms: random, uncompressed'),
      min: 0.8,
    },
    {
      goal: 'compression: main-thread ELU, compressed image upload (60 ms, warm uploader) <= 2%',
      value: find('60 ms: image, --compress zstd, warm uploader')?.eluPercent,
      max: 2,
    },
  ];
}
