// Plain JavaScript on purpose: the across-threads test runs it inside a worker thread, where
// TypeScript is not loaded.
import { ChecksumTurns } from '../../dist/src/source/checksum-turns.js';
import { openPartReader } from '../../dist/src/source/part-reader.js';
import { ReadBuffers } from '../../dist/src/source/read-buffers.js';

/** Turns the event loop took while the checksum pass over the first `length` bytes of `source` ran, and its CRC32C. */
export async function turnsDuringPass(source, length) {
  const reader = openPartReader(source, 0, length, { buffers: new ReadBuffers(), turns: new ChecksumTurns() });
  let turns = 0;
  let passing = true;
  const count = () => { if (passing) { turns++; setImmediate(count); } };
  setImmediate(count);
  const crc = await reader.crc32c();
  passing = false;
  reader.close();
  return { turns, crc };
}
