import type { Compression } from './compression.js';

/** What the lanes of a compressed upload share (plain data, on the UploadSpec). */
export interface CompressedParts extends Compression {
  /** The FrameTable's buffer: where each part's frames are recorded. */
  table: SharedArrayBuffer;
  /**
   * A part that compresses to fewer bytes is padded with a skippable frame up to this many: every
   * part but the last must reach the store's minimum part size (5 MiB). 0 for the one PUT.
   */
  padTo: number;
  /** The part is the whole object (one PUT): its seek table goes at its end. */
  withSeekTable: boolean;
}
