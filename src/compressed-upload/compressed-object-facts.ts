import { combinePartCrcs, crc32cToBase64 } from '../checksum/crc32c-combine.js';
import type { Compression } from '../compress/compression.js';
import type { FrameTable } from '../compress/frame-table.js';
import { partRange, type PartPlan } from '../core/plan-parts.js';
import type { PartResult } from '../lane/lane-task.js';
import { partNumbersOf } from '../object-upload/upload-outcome.js';
import type { CompressedObject } from '../object-upload/upload-result.js';

/** The object's facts for the result: its size as stored, its frames, and the CRC32C of what it decodes to. */
export function compressedObject(
  compression: Compression,
  table: FrameTable,
  plan: PartPlan,
  results: readonly PartResult[],
): CompressedObject {
  const dataParts = partNumbersOf(plan);
  const crc = combinePartCrcs(dataParts.map((n) => ({ crc32c: table.crc32c(n), length: partRange(plan, n).length })));
  return {
    codec: compression.codec,
    level: compression.level,
    size: results.reduce((n, r) => n + r.length, 0),
    frames: dataParts.reduce((n, p) => n + table.entries(p).length, 0),
    uncompressedCrc32c: crc32cToBase64(crc),
  };
}
