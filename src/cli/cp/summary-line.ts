import { formatSize } from '../../core/sizes.js';
import type { UploadResult } from '../../index.js';
import { fitColumns } from './fit-columns.js';
import { capText, formatRate } from './progress-bar.js';

/**
 * What happened, on one line where an 80-column terminal holds it (else on two): the bytes, how
 * fast, in how many parts, what the store verified (parts reused by --resume: --verbose); ` to DEST`
 * after the size when it all fits on one line. With `verbose`,
 * the whole story (part size, mode, protocol, the CRC32C itself), as --json has it too.
 */
export function summaryLine(r: UploadResult, verbose = false, cap?: number): string {
  if (verbose) return detailedLine(r, cap);
  const parts = r.partCount === 1 && r.partSize === r.size ? 'one request' : `${r.partCount} parts`;
  return fitColumns(`uploaded ${formatSize(r.size)}`, ` to ${r.destination}`, [
    [' ', `in ${r.seconds.toFixed(2)} s (${formatRate(r.bytesPerSecond)}${capText(cap)})`],
    [', ', parts],
    // Without a CRC32C (--checksum none, or a store that refused every form) nothing was checked: said so.
    [', ', r.crc32c ? SHORT_VERIFIED[r.verified] : 'not verified'],
  ]);
}

function detailedLine(r: UploadResult, cap: number | undefined): string {
  const parts =
    r.partCount === 1 && r.partSize === r.size
      ? 'in one request'
      : `${r.partCount} parts of ${formatSize(r.partSize)}${r.partsReused > 0 ? ` (${r.partsReused} already stored by the interrupted upload)` : ''}`;
  return (
    `uploaded ${formatSize(r.size)} to ${r.destination} in ${r.seconds.toFixed(2)} s (${formatRate(r.bytesPerSecond)}${capText(cap)}), ` +
    `${parts}, ${r.mode} mode over ${r.protocol}` +
    (r.crc32c ? `, crc32c ${r.crc32c} (${VERIFIED[r.verified]})` : ', no crc32c: not verified') +
    (r.tailSeconds === undefined ? '' : `; tail ${r.tailSeconds.toFixed(2)} s (first idle lane to Complete)`)
  );
}

const VERIFIED = {
  object: 'the store verified the whole object',
  parts: 'the store verified each part',
  none: 'not verified by the store',
  'read-back': "read back: the object's bytes make it, though the store reports another",
} as const;

const SHORT_VERIFIED = {
  object: 'crc32c verified',
  parts: 'part crc32c verified',
  none: 'crc32c unverified',
  'read-back': 'crc32c verified by reading back',
} as const;
