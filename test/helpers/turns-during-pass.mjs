// Plain JavaScript on purpose: the across-threads test also runs it inside a worker thread, where
// TypeScript is not loaded.

/** Turns the event loop took while the checksum pass of `reader` (a PartReader) ran, and its CRC32C. */
export async function turnsDuringPass(reader) {
  let turns = 0;
  let passing = true;
  const count = () => {
    if (passing) {
      turns++;
      setImmediate(count);
    }
  };
  setImmediate(count);
  const crc = await reader.crc32c();
  passing = false;
  reader.close();
  return { turns, crc };
}
