/**
 * CRC32C of a concatenation from the CRC32Cs of its pieces. Workers checksum their own parts in
 * parallel (crc32c.ts); this folds those into the whole-object CRC32C that the
 * store reports, without reading a byte twice. No maintained npm package offers combine, so this is
 * zlib's crc32_combine (the x^(2^n) method of zlib 1.2.12+) on the Castagnoli polynomial.
 */
const POLY = 0x82f63b78; // Castagnoli, reflected

/** a(x) * b(x) modulo the CRC polynomial, in reflected bit order. */
function multModP(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

/** X2N[k] = x^(2^k) mod p. */
const X2N: number[] = (() => {
  const table: number[] = [];
  let p = 1 << 30; // x^1
  for (let k = 0; k < 64; k++) {
    table.push(p >>> 0);
    p = multModP(p, p);
  }
  return table;
})();

/** x^(n * 2^k) mod p, for n up to 2^53. */
function x2nModP(n: number, k: number): number {
  let p = 0x80000000; // x^0
  while (n > 0) {
    if (n % 2 === 1) p = multModP(X2N[k % 64]!, p);
    n = Math.floor(n / 2);
    k++;
  }
  return p;
}

/** CRC32C(A || B) from CRC32C(A), CRC32C(B) and the byte length of B. */
export function crc32cCombine(crcA: number, crcB: number, lengthB: number): number {
  return (multModP(x2nModP(lengthB, 3), crcA) ^ crcB) >>> 0;
}

/** Whole-object CRC32C from each part's CRC32C and length, in part order. */
export function combinePartCrcs(parts: ReadonlyArray<{ crc32c: number; length: number }>): number {
  let crc = 0; // CRC32C of the empty string
  for (const part of parts) crc = crc32cCombine(crc, part.crc32c, part.length);
  return crc;
}

/** The wire form both GCS (`x-goog-hash: crc32c=`) and S3 (`x-amz-checksum-crc32c`) use. */
export function crc32cToBase64(crc: number): string {
  const bytes = Buffer.allocUnsafe(4);
  bytes.writeUInt32BE(crc >>> 0);
  return bytes.toString('base64');
}

export function crc32cFromBase64(text: string): number | undefined {
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === 4 ? bytes.readUInt32BE() : undefined;
}
