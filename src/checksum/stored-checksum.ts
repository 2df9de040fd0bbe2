import { crc32c } from './crc32c.js';
import { crc32cToBase64 } from './crc32c-combine.js';

export interface PartChecksum {
  crc32c: number;
  length: number;
}

/**
 * Whether the CRC32C a store reports for a multipart object is the one these parts make. Stores
 * report one of two things: the CRC32C of the whole object (GCS; S3 with FULL_OBJECT checksums), or
 * S3's composite checksum, the CRC32C of the parts' big-endian CRC32Cs, often suffixed `-N`.
 */
export function matchesStoredChecksum(reported: string, objectCrc: number, parts: readonly PartChecksum[]): boolean {
  const value = reported.replace(/-\d+$/, '');
  return value === crc32cToBase64(objectCrc) || value === compositeChecksum(parts);
}

export function compositeChecksum(parts: readonly PartChecksum[]): string {
  const bytes = Buffer.allocUnsafe(parts.length * 4);
  parts.forEach((part, i) => bytes.writeUInt32BE(part.crc32c >>> 0, i * 4));
  return crc32cToBase64(crc32c(bytes));
}
