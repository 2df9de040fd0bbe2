/**
 * Where a part's CRC32C goes:
 * - `while-sending` (the default): computed from each chunk as it is handed to the socket, so the
 *   part is read once. S3 gets it in an aws-chunked trailer and verifies it before keeping the
 *   part; GCS's XML API takes no trailer, so the CRC32C GCS reports for the part it stored is
 *   compared with it instead (lane/send-part.ts).
 * - `header`: computed in a pass over the part before sending, and sent in a header. Each file part
 *   is read twice. For S3-compatible stores that refuse aws-chunked bodies.
 */
export type ChecksumPlacement = 'while-sending' | 'header';
