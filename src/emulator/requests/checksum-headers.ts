import { crc32cToBase64 } from '../../checksum/crc32c-combine.js';
import { checksumHeaderName, type StoredChecksum } from '../checksums/checksum-algorithm.js';
import type { Blob } from '../store/blob-storage.js';
import type { StoreProfile } from './store-profile.js';

/**
 * The checksums of stored bytes as both stores report them, in a PUT's or a part's answer (what a
 * client that sent no checksum header, as GCS takes no trailer, compares with its own; taken
 * before a `corrupt` fault, which acts out damage after the store has answered) and on GET and
 * HEAD: the CRC32C in GCS's spelling always; in S3's, the algorithm the client chose when there is
 * one (S3 answers with that one only: the SDKs check a GET against every whole-object checksum
 * header they find, and skip composite ones only when no other is there), else the CRC32C.
 * None where the profile's store reports none.
 */
export function checksumHeadersOf(blob: Blob, profile: StoreProfile, chosen?: StoredChecksum): Record<string, string> {
  if (!profile.reportChecksums) return {};
  const crc = crc32cToBase64(blob.crc32c);
  const headers: Record<string, string> = { 'x-goog-hash': `crc32c=${crc}` };
  if (!chosen) return { 'x-amz-checksum-crc32c': crc, ...headers };
  headers[checksumHeaderName(chosen.algorithm)] = chosen.value;
  headers['x-amz-checksum-type'] = chosen.type;
  return headers;
}
