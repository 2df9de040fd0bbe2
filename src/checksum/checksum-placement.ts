/**
 * Where a part's CRC32C goes, named as `--checksum` names it:
 * - `crc32c` (the default): computed from each chunk as it is handed to the socket, so the part is
 *   read once. S3 gets it in an aws-chunked trailer and verifies it before keeping the part; GCS's
 *   XML API takes no trailer, so the CRC32C GCS reports for the part it stored is compared with it
 *   instead (lane/send-part.ts).
 * - `crc32c-header`: computed in a pass over the part before sending, and sent in a header. Each
 *   file part is read twice. For S3-compatible stores that refuse aws-chunked bodies.
 */
export type ChecksumPlacement = 'crc32c' | 'crc32c-header';

/** The checksum an upload used, as its result reports it: the flag's words. */
export type ChecksumUsed = ChecksumPlacement | 'none';

/**
 * What the store itself verified, as the result reports it, never more than it did:
 * - `object`: the store checked a CRC32C of the whole object it assembled (S3's FULL_OBJECT
 *   checksum, refused with BadDigest on a mismatch, or the whole-object CRC32C GCS reports)
 *   against the source's;
 * - `parts`: the store checked each part's CRC32C as it received it (a trailer or header it
 *   verifies, or the CRC32C it reported for each part, or S3's composite checksum), not the object;
 * - `none`: no answer carried a checksum, so only the transport's own checks stood between the
 *   bytes and the object;
 * - `read-back`: the store reported a whole-object "CRC32C" that was not the source's, and partpush
 *   read the object back: its bytes make the source's CRC32C (the store's checksum is another one).
 */
export type VerifiedLevel = 'object' | 'parts' | 'none' | 'read-back';

export function checksumUsed(placement: ChecksumPlacement | undefined): ChecksumUsed {
  return placement ?? 'none';
}
