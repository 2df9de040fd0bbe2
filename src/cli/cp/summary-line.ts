import { formatSize } from '../../core/sizes.js';
import type { UploadResult } from '../../index.js';
import { formatRate } from './progress-bar.js';

/** What happened: the bytes, where, how fast, in how many parts of what size, how, and the checksum. */
export function summaryLine(r: UploadResult): string {
  const parts =
    r.partCount === 1 && r.partSize === r.size
      ? 'in one request'
      : `${r.partCount} parts of ${formatSize(r.partSize)}${r.partsReused > 0 ? ` (${r.partsReused} already stored by the interrupted upload)` : ''}`;
  return (
    `uploaded ${formatSize(r.size)} to ${r.destination} in ${r.seconds.toFixed(2)} s (${formatRate(r.bytesPerSecond)}), ` +
    `${parts}, ${r.mode} mode over ${r.protocol}` +
    (r.crc32c ? `, crc32c ${r.crc32c} (${VERIFIED[r.verified]})` : '')
  );
}

const VERIFIED = {
  object: 'the store verified the whole object',
  parts: 'the store verified each part',
  none: 'not verified by the store',
} as const;
