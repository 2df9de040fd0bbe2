import { crc32cToBase64 } from '../../checksum/crc32c-combine.js';
import type { ChecksumAlgorithm } from '../checksums/checksum-algorithm.js';
import { EmulatorError } from './emulator-error.js';

type Digests = Partial<Record<ChecksumAlgorithm, string>>;

/**
 * A Complete of an upload created with a checksum algorithm must list each part's checksum in that
 * algorithm, and it must be the one the part arrived with: S3's InvalidRequest and InvalidPart.
 */
export function checkPartChecksum(
  algorithm: ChecksumAlgorithm | undefined,
  item: { partNumber: number; checksums: Digests },
  part: { blob: { crc32c: number }; checksums: Digests },
): void {
  if (!algorithm) return;
  const expected = algorithm === 'CRC32C' ? crc32cToBase64(part.blob.crc32c) : part.checksums[algorithm];
  const claimed = item.checksums[algorithm];
  if (claimed === undefined) {
    throw new EmulatorError(
      400,
      'InvalidRequest',
      `The upload was created using a ${algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${item.partNumber} in the request.`,
    );
  }
  if (claimed !== expected) {
    throw new EmulatorError(
      400,
      'InvalidPart',
      `The checksum of part ${item.partNumber} does not match: expected ${expected ?? '(none: the part was sent without it)'}, got ${claimed}.`,
    );
  }
}
