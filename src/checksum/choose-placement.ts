import type { ChecksumPlacement } from './checksum-placement.js';

/**
 * Where each part's CRC32C goes for this upload, from what was asked and where it goes:
 * - a single PUT to GCS keeps the header: GCS then refuses damaged bytes before storing them,
 *   where a check of its answer would find them already under the key;
 * - a signed S3 upload over cleartext http:// sends it in a header, which the signature covers:
 *   the payload itself is never signed (UNSIGNED-PAYLOAD), and an unsigned trailer over a
 *   cleartext connection would leave the bytes unprotected on the way (botocore, too, uses
 *   trailers over TLS only).
 */
export function choosePlacement(
  asked: ChecksumPlacement | undefined,
  to: { dialect: 'gcs' | 's3'; origin: string; signed: boolean; singleRequest: boolean },
): ChecksumPlacement | undefined {
  if (asked !== 'crc32c') return asked;
  if (to.dialect === 'gcs') return to.singleRequest ? 'crc32c-header' : 'crc32c';
  return to.signed && to.origin.startsWith('http:') ? 'crc32c-header' : 'crc32c';
}
