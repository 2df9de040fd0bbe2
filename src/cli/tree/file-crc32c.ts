import { open } from 'node:fs/promises';
import { crc32c } from '../../checksum/crc32c.js';
import { crc32cToBase64 } from '../../checksum/crc32c-combine.js';

const CHUNK = 1024 * 1024;

/**
 * A file's CRC32C (base64, as stores spell it), read in 1 MiB positional reads into one buffer: the
 * native CRC32C runs at several GB/s, so the read is the cost, and the main thread only waits on it.
 */
export async function fileCrc32c(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    let crc = 0;
    let position = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK, position);
      if (bytesRead === 0) return crc32cToBase64(crc);
      crc = crc32c(buffer.subarray(0, bytesRead), crc);
      position += bytesRead;
    }
  } finally {
    await file.close();
  }
}
