import { EmulatorError } from '../../store/emulator-error.js';

/** Bytes `start` up to `end` (exclusive) of an object. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * One `Range: bytes=` range as S3 and GCS serve it (RFC 9110 14.1.2): first-last (last clipped to
 * the size), first-, or -suffix (the last N bytes, the whole object when N exceeds it). A first
 * byte past the end is 416. What is not one well-formed range (another unit, several ranges,
 * last before first) is ignored, and the whole object served with 200, as S3 does.
 */
export function byteRangeOf(header: string | undefined, size: number): ByteRange | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    // An empty object has no last bytes to give (RFC 9110 14.1.2: a suffix range of an empty representation is unsatisfiable).
    if (suffix === 0 || size === 0) throw unsatisfiable(size, header!.trim());
    return { start: Math.max(size - suffix, 0), end: size };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) throw unsatisfiable(size, header!.trim());
  return { start, end: last === '' ? size : Math.min(Number(last) + 1, size) };
}

/** S3's 416: the range asked for echoed (`RangeRequested`), beside the object's size. */
export function unsatisfiable(size: number, requested: string): EmulatorError {
  return new EmulatorError(
    416,
    'InvalidRange',
    'The requested range is not satisfiable',
    { 'content-range': `bytes */${size}` },
    {
      RangeRequested: requested,
      ActualObjectSize: String(size),
    },
  );
}

/** The byte range of part `partNumber` of an object (a single PUT is its own part 1), and the object's part count. */
export function partRangeOf(
  partNumber: string,
  size: number,
  parts: ReadonlyArray<{ size: number }> | undefined,
): ByteRange & { count: number } {
  const number = /^\d+$/.test(partNumber) ? Number(partNumber) : Number.NaN;
  const sizes = parts?.map((p) => p.size) ?? [size];
  if (!Number.isInteger(number) || number < 1 || number > 10_000)
    throw new EmulatorError(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
  if (number > sizes.length)
    throw new EmulatorError(416, 'InvalidPartNumber', 'The requested partnumber is not satisfiable', {
      'content-range': `bytes */${size}`,
    });
  const start = sizes.slice(0, number - 1).reduce((n, s) => n + s, 0);
  return { start, end: start + sizes[number - 1]!, count: sizes.length };
}
