import { createRequire } from 'node:module';
import { PartpushError } from '../errors.js';

/** The API's `compress` option: `{ codec: 'zstd', level: 3 }`. */
export interface CompressOption {
  codec: 'zstd';
  /** zstd level, 1 to 19 (default DEFAULT_ZSTD_LEVEL). */
  level?: number;
}

/** The compression an upload runs with, resolved once: plain data, so it crosses to a worker. */
export interface Compression {
  codec: 'zstd';
  level: number;
  /** Uncompressed bytes per frame: every frame but the last holds exactly this many. */
  frameSize: number;
}

/**
 * 2 MiB frames: what e2b's uploader uses, and a reader fetching one frame by range gets 2 MiB of
 * data. 4 MiB frames compressed text 0.5% better at the same speed (docs/compression.md), which
 * does not pay for twice the bytes per random read.
 */
export const FRAME_SIZE = 2 * 1024 * 1024;

/**
 * Level 1: on the bench's VM-image data it compresses 1.4x faster than level 3 (zstd's own
 * default) for 4% more bytes (4.26:1 against 4.45:1), and a worker is CPU-bound before the link
 * is on any link faster than about 1 Gbit/s per worker; on a build host the CPU is what the build
 * wants too. Level 3 is better only on a slower link with cores to spare: `--compress zstd:3`.
 * docs/compression.md has the measurements.
 */
export const DEFAULT_ZSTD_LEVEL = 1;

/** The highest level taken: above 19 zstd's "ultra" levels need window sizes beyond a 2 MiB frame's use. */
const MAX_ZSTD_LEVEL = 19;

export function resolveCompression(option: CompressOption | undefined): Compression | undefined {
  if (option === undefined) return undefined;
  if (option?.codec !== 'zstd') {
    throw invalid(`compress.codec must be "zstd", got ${JSON.stringify((option as { codec?: unknown })?.codec)}`);
  }
  const level = option.level ?? DEFAULT_ZSTD_LEVEL;
  if (!Number.isInteger(level) || level < 1 || level > MAX_ZSTD_LEVEL) {
    throw invalid(`compress.level must be a whole number from 1 to ${MAX_ZSTD_LEVEL}, got ${String(level)}`);
  }
  requireZstd();
  return { codec: 'zstd', level, frameSize: FRAME_SIZE };
}

/**
 * zstd-napi is an optional peer dependency that the user installs to compress: it has an install
 * script (a prebuilt download, else a build from its bundled zstd sources), which partpush's own
 * install must not run. Its absence is told here, on the main thread, before anything is sent, not
 * as a worker's failure on the first part.
 */
function requireZstd(): void {
  try {
    createRequire(import.meta.url).resolve('zstd-napi/binding.js');
  } catch {
    throw invalid(
      'compress needs zstd-napi, which is not installed (its build needs a C compiler, make and python3 ' +
        'where no prebuilt binary can be downloaded): npm install zstd-napi, or upload uncompressed',
    );
  }
}

/** `--compress zstd` or `--compress zstd:LEVEL`. */
export function parseCompressFlag(text: string): CompressOption {
  const match = /^zstd(?::(\d+))?$/.exec(text);
  const level = match?.[1] === undefined ? undefined : Number(match[1]);
  if (!match || (level !== undefined && (level < 1 || level > MAX_ZSTD_LEVEL))) {
    throw invalid(`--compress takes zstd or zstd:LEVEL, a level from 1 (the default, fastest) to ${MAX_ZSTD_LEVEL}; got "${text}"`);
  }
  return resolveCompression({ codec: 'zstd', level })!;
}

function invalid(message: string): PartpushError {
  return new PartpushError('PARTPUSH_INVALID_OPTION', message, { option: 'compress' });
}
