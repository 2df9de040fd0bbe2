import type { ChecksumPlacement } from './checksum-placement.js';

/**
 * How the parts' CRC32C travelled, as the result reports it:
 * - `trailer`: after the bytes, in an aws-chunked trailer the store verifies (S3);
 * - `header`: before the bytes, in a header the store verifies;
 * - `answer`: computed while sending and compared with the CRC32C the store reports (GCS, whose
 *   XML API takes no trailer);
 * - `none`: no checksum.
 */
export type ChecksumForm = 'trailer' | 'header' | 'answer' | 'none';

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
  if (asked !== 'while-sending') return asked;
  if (to.dialect === 'gcs') return to.singleRequest ? 'header' : 'while-sending';
  return to.signed && to.origin.startsWith('http:') ? 'header' : 'while-sending';
}

export function checksumFormOf(placement: ChecksumPlacement | undefined, dialect: 'gcs' | 's3'): ChecksumForm {
  if (placement === undefined) return 'none';
  if (placement === 'header') return 'header';
  return dialect === 's3' ? 'trailer' : 'answer';
}
