import { openPartReader } from './part-reader.js';
import type { SourceDescriptor } from './source-descriptor.js';

/** The CRC32C of one part's bytes, however a thread chooses to compute it. */
export type ChecksumPart = (source: SourceDescriptor, offset: number, length: number) => Promise<number>;

/** On the calling thread: inline mode's way (it is the single-thread baseline). */
export const checksumOnThisThread: ChecksumPart = async (source, offset, length) => {
  const reader = openPartReader(source, offset, length);
  try {
    return reader.crc32c();
  } finally {
    reader.close();
  }
};
