import { crc32c as nativeCrc32c } from '@node-rs/crc32';

/**
 * CRC32C (Castagnoli) of `data`, continuing from `previous` (the CRC32C of the bytes before it).
 *
 * Why @node-rs/crc32: a prebuilt native module of 0.6 MB with no install script, using the CPU's
 * CRC32C instructions. aws-crt's checksum is faster per byte, but it is a 44 MB install with an
 * install script and a dependency tree of its own; at the rates measured by `npm run bench --
 * --only crc` the difference is a few hundredths of a CPU second per GiB, next to about one CPU
 * second per GiB for the upload as a whole (bench/README.md).
 */
export function crc32c(data: Buffer, previous = 0): number {
  return nativeCrc32c(data, previous);
}
