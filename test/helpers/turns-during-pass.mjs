// Plain JavaScript on purpose: the checksum-turns test runs it on its own thread and, through a
// dynamic import, inside a worker thread, where TypeScript is not loaded.
import { openPartReader } from '../../dist/src/source/part-reader.js';

/** Turns the event loop took while the checksum pass over the first `length` bytes of `source` ran, and its CRC32C. */
export async function turnsDuringPass(source, length) {
  const reader = openPartReader(source, 0, length);
  let turns = 0;
  let passing = true;
  const count = () => { if (passing) { turns++; setImmediate(count); } };
  setImmediate(count);
  const crc = await reader.crc32c();
  passing = false;
  reader.close();
  return { turns, crc };
}
