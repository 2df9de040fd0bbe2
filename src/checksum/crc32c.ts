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
  return (chosen ?? beforeChoice(data.length)).crc(data, previous);
}

/** The library crc32c() uses in this thread for all but its first bytes (see AWS_CRT_AFTER). */
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

type Choice = { library: Crc32cLibrary; crc: Crc32c };

let chosen: Choice | undefined;
const NODE_RS: Choice = { library: '@node-rs/crc32', crc: nodeRsCrc32c };

/**
 * Bytes a thread checksums with @node-rs/crc32 before it chooses for good, loading aws-crt where it
 * is installed. aws-crt's load (its native runtime, and a probe of the C library in a child
 * process) cost a thread 60-110 ms, which its speed (about 0.12 s less per GiB) pays back only over
 * about a GiB: a sync of a few changed files never needs it, a large upload loads it early on.
 */
const AWS_CRT_AFTER = 64 * 1024 * 1024;
let checksummedBeforeChoice = 0;

function beforeChoice(bytes: number): Choice {
  if (process.env.PARTPUSH_CRC32C) return (chosen = choose());
  checksummedBeforeChoice += bytes;
  return checksummedBeforeChoice < AWS_CRT_AFTER ? NODE_RS : (chosen = choose());
}

function choose(): Choice {
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
    return NODE_RS;
  }
}
