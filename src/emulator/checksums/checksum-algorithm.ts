/**
 * The checksum algorithms the AWS SDKs send (flexible checksums, 2025 defaults: CRC32 in the JS
 * and Python SDKs, CRC64NVME in CLI v2), with their names as S3 spells them in headers, trailers
 * and XML.
 */
export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** S3's two kinds of multipart object checksum: of the parts' checksums, or of the whole bytes. */
export type ChecksumType = 'COMPOSITE' | 'FULL_OBJECT';

/** A checksum as the store keeps it: base64 of the digest, `-N` after a composite one. */
export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  type: ChecksumType;
  value: string;
}

export function checksumAlgorithmNamed(name: string | undefined): ChecksumAlgorithm | undefined {
  const upper = name?.trim().toUpperCase();
  return CHECKSUM_ALGORITHMS.find((a) => a === upper);
}

/** `x-amz-checksum-crc32`, the header and trailer name of an algorithm. */
export function checksumHeaderName(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** `ChecksumCRC32`, the XML element name of an algorithm. */
export function checksumElementName(algorithm: ChecksumAlgorithm): string {
  return `Checksum${algorithm}`;
}

/** The algorithm a header or trailer name carries (`x-amz-checksum-sha256`), if it is one of them. */
export function algorithmOfHeader(name: string): ChecksumAlgorithm | undefined {
  const match = /^x-amz-checksum-([a-z0-9]+)$/.exec(name.trim().toLowerCase());
  return match ? checksumAlgorithmNamed(match[1]) : undefined;
}

/** Digest sizes: a claimed value of another size is not that algorithm's (S3: InvalidRequest). */
export const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };
