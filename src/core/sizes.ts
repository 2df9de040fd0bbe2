import { PartpushError } from '../errors.js';

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;
export const TiB = 1024 * GiB;

/**
 * Every unit is binary: `64M`, `64MB` and `64MiB` are all 64 × 2^20 bytes. That is how aws-cli
 * (`multipart_chunksize = 8MB`) and rclone (`--s3-chunk-size 64M`) read them, and what part sizes
 * are made of; a user who types `5M` means the 5 MiB minimum, not 5,000,000 bytes.
 */
const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: KiB,
  kb: KiB,
  kib: KiB,
  m: MiB,
  mb: MiB,
  mib: MiB,
  g: GiB,
  gb: GiB,
  gib: GiB,
  t: TiB,
  tb: TiB,
  tib: TiB,
};

/** Parses `64MiB`, `64M`, `5 GB`, `1.5GiB`, `1048576` (bytes); every unit binary (see UNITS). */
export function parseSize(text: string, what: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new PartpushError('PARTPUSH_INVALID_OPTION', `${what}: expected a size such as 64MiB, 64M or 67108864 (bytes), got "${text}"`);
  }
  const bytes = Number(match[1]) * unit;
  if (bytes > Number.MAX_SAFE_INTEGER) {
    throw new PartpushError('PARTPUSH_INVALID_OPTION', `${what}: "${text}" is too large (at most ${formatSize(Number.MAX_SAFE_INTEGER)})`);
  }
  if (!Number.isSafeInteger(bytes)) {
    throw new PartpushError('PARTPUSH_INVALID_OPTION', `${what}: "${text}" is not a whole number of bytes`);
  }
  return bytes;
}

/** A rate as a size per second: `40MiB`, `40MiB/s`, `40M/s`, `1048576` (bytes per second). */
export function parseRate(text: string, what: string): number {
  return parseSize(text.replace(/\s*\/\s*s(ec)?\s*$/i, ''), what);
}

/** Binary units for sizes people read: `1.0 GiB`, `64.0 MiB`, `512 B`. */
export function formatSize(bytes: number): string {
  if (bytes < KiB) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / KiB;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${value.toFixed(1)} ${units[i]}`;
}

/**
 * A size in a message about a limit: `5.0 GiB` where that is exact, else with the bytes
 * (`5.0 GiB (5368709121 bytes)`), so that a value just past a limit never reads as the limit.
 */
export function exactSize(bytes: number): string {
  const shown = formatSize(bytes);
  const [value, unit] = shown.split(' ') as [string, string];
  const exact = Number(value) * (UNITS[unit.toLowerCase()] ?? 1) === bytes;
  return exact ? shown : `${shown} (${bytes} bytes)`;
}
