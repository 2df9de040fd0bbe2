import { createRequire } from 'node:module';
import { crc32c as nodeRsCrc32c } from '@node-rs/crc32';
import { PartpushError } from '../errors.js';

/**
 * CRC32C (Castagnoli) of `data`, continuing from `previous` (the CRC32C of the bytes before it).
 *
 * Two native implementations, both using the CPU's CRC32C instructions:
 * - @node-rs/crc32, a dependency: 0.6 MB, prebuilt, no install script;
 * - aws-crt, used when it is installed beside partpush (an optional peer dependency): about twice
 *   as fast per byte, which shows as a few percent of throughput where the worker's core is the
 *   limit, but a 44 MB install with an install script and a dependency tree of its own.
 * `npm run bench -- --only crc` measures both (bench/README.md); `PARTPUSH_CRC32C` picks one
 * explicitly (the bench and the tests use it).
 */
export type Crc32cLibrary = 'aws-crt' | '@node-rs/crc32';

type Crc32c = (data: Buffer, previous: number) => number;

export function crc32c(data: Buffer, previous = 0): number {
  return (chosen ??= choose()).crc(data, previous);
}

/** The library crc32c() uses in this thread. */
export function crc32cLibrary(): Crc32cLibrary {
  return (chosen ??= choose()).library;
}

/** One library's function; throws if it is not installed. */
export function crc32cOf(library: Crc32cLibrary): Crc32c {
  if (library === '@node-rs/crc32') return nodeRsCrc32c;
  // Loaded on first use, not at import: its native module initialises a whole runtime, which
  // costs tens of ms per thread.
  const awsCrt = createRequire(import.meta.url)('aws-crt/dist/native/checksums.js') as {
    crc32c: (data: Buffer, previous?: number) => number;
  };
  return (data, previous) => awsCrt.crc32c(data, previous);
}

let chosen: { library: Crc32cLibrary; crc: Crc32c } | undefined;

function choose(): { library: Crc32cLibrary; crc: Crc32c } {
  const asked = process.env.PARTPUSH_CRC32C;
  if (asked === 'aws-crt' || asked === '@node-rs/crc32') return { library: asked, crc: crc32cOf(asked) };
  if (asked) {
    throw new PartpushError(
      'PARTPUSH_INVALID_OPTION',
      `PARTPUSH_CRC32C must be "aws-crt" or "@node-rs/crc32", got "${asked}"; unset it to use the fastest installed`,
    );
  }
  try {
    return { library: 'aws-crt', crc: crc32cOf('aws-crt') };
  } catch {
    return { library: '@node-rs/crc32', crc: nodeRsCrc32c };
  }
}
