import { PartpushError } from '../errors.js';

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;
export const TiB = 1024 * GiB;

const UNITS: Record<string, number> = {
  '': 1, b: 1,
  k: 1000, kb: 1000, kib: KiB,
  m: 1000 ** 2, mb: 1000 ** 2, mib: MiB,
  g: 1000 ** 3, gb: 1000 ** 3, gib: GiB,
  t: 1000 ** 4, tb: 1000 ** 4, tib: TiB,
};

/** Parses `64MiB`, `5 GiB`, `1048576`, `8M` (SI for k/M/G/T and kB/MB..., binary for KiB/MiB...). */
export function parseSize(text: string, what: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new PartpushError('PARTPUSH_INVALID_OPTION',
      `${what}: expected a size such as 64MiB, 8MB or 16777216, got "${text}"`);
  }
  const bytes = Number(match[1]) * unit;
  if (!Number.isSafeInteger(bytes)) {
    throw new PartpushError('PARTPUSH_INVALID_OPTION', `${what}: "${text}" is not a whole number of bytes`);
  }
  return bytes;
}

/** Binary units for sizes people read: `1.0 GiB`, `64.0 MiB`, `512 B`. */
export function formatSize(bytes: number): string {
  if (bytes < KiB) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / KiB;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) { value /= 1024; i++; }
  return `${value.toFixed(1)} ${units[i]}`;
}
