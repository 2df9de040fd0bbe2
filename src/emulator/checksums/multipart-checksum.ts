import { crc32cCombine, crc32cToBase64 } from '../../checksum/crc32c-combine.js';
import type { Blob } from '../store/blob-storage.js';
import type { ChecksumAlgorithm, ChecksumType, StoredChecksum } from './checksum-algorithm.js';
import { createHasher, digestOf } from './create-hasher.js';

interface PartDigests {
  blob: Blob;
  checksums: Partial<Record<ChecksumAlgorithm, string>>;
}

/**
 * A multipart object's checksum as S3 computes it at Complete. COMPOSITE: the digest of the parts'
 * digests, suffixed `-N`. FULL_OBJECT: the CRC of the whole object, combined from the parts' CRC32Cs
 * or, for CRC32 and CRC64NVME, read through once from the parts before they are joined. Undefined
 * where the bytes were not kept (--discard) and the CRC cannot be combined.
 */
export async function multipartChecksum(
  algorithm: ChecksumAlgorithm,
  type: ChecksumType,
  parts: readonly PartDigests[],
): Promise<StoredChecksum | undefined> {
  if (type === 'COMPOSITE') {
    const digests = Buffer.concat(parts.map((p) => Buffer.from(partDigest(algorithm, p), 'base64')));
    const value = `${(await digestOf(algorithm, digests)).toString('base64')}-${parts.length}`;
    return { algorithm, type, value };
  }
  if (algorithm === 'CRC32C') {
    let crc = 0;
    for (const part of parts) crc = crc32cCombine(crc, part.blob.crc32c, part.blob.size);
    return { algorithm, type, value: crc32cToBase64(crc) };
  }
  const hasher = await createHasher(algorithm);
  try {
    for (const part of parts) for await (const chunk of part.blob.read()) hasher.update(chunk);
  } catch {
    return undefined;
  }
  return { algorithm, type, value: (await hasher.digest()).toString('base64') };
}

function partDigest(algorithm: ChecksumAlgorithm, part: PartDigests): string {
  return algorithm === 'CRC32C' ? crc32cToBase64(part.blob.crc32c) : (part.checksums[algorithm] ?? '');
}
