import type { ChecksumUsed, VerifiedLevel } from '../checksum/checksum-placement.js';
import type { WireProtocol } from '../http/transport-spec.js';

export interface UploadResult {
  destination: string;
  size: number;
  /** Bytes per part as sent: the object's size when it went in a single request. */
  partSize: number;
  /** Parts of the stored object (with `compress`, the seek table's part too). */
  partCount: number;
  /** Parts a resumed upload found already stored and did not send again. */
  partsReused: number;
  etag: string;
  /** Base64 CRC32C of the whole object, combined from the parts' (absent with checksum 'none'). */
  crc32c?: string;
  /** How each part's CRC32C travelled, in `--checksum`'s words. */
  checksum: ChecksumUsed;
  /** What the store itself verified: the whole object, each part, or nothing (see VerifiedLevel). */
  verified: VerifiedLevel;
  /** Part attempts beyond the first, over the whole upload. */
  retries: number;
  seconds: number;
  bytesPerSecond: number;
  mode: 'workers' | 'inline';
  protocol: WireProtocol;
  /**
   * Connections the parts spread over, in all sending threads together: HTTP/2 sessions per thread
   * times threads, or one HTTP/1.1 connection per part in flight. Opened as parts need them.
   */
  connections: number;
  /** The round trip to the store as the protocol probe timed it (see the `link` event); absent where it could not. */
  rttMs?: number;
  /**
   * Seconds from the first lane finding no part left to send to the store's answer to Complete:
   * the upload's tail, when a few last parts run on a few connections (a file sent in parts only).
   */
  tailSeconds?: number;
  /** The proxy the upload went through, as `http://host:port` (never its credentials); absent: direct. */
  proxy?: string;
  /** With `compress`: the seekable zstd object that was stored (`size` above is the source's, uncompressed). */
  compressed?: CompressedObject;
}

/** What a compressed upload stored. */
export interface CompressedObject {
  codec: 'zstd';
  level: number;
  /** Bytes of the object: the frames, the padding and the seek table. */
  size: number;
  /** Frames in the seek table: the data frames, plus a skippable one for each padded part. */
  frames: number;
  /** Base64 CRC32C of the uncompressed bytes (what `zstd -d` of the object gives back). */
  uncompressedCrc32c: string;
}
