import type { FrameEntry } from '../seekable/seek-table.js';

/**
 * The frames of the parts of one run, in shared memory: the worker that compressed a part writes
 * its frames' sizes here, and the main thread reads them when the parts are done, to write the seek
 * table. Nothing but sizes crosses back, and no message per part: like the PartBoard's results, a
 * part's entries are written before the board's done flag, whose Atomics store orders them for the
 * main thread that reads the flag.
 *
 * Layout: Uint32 [firstPart, parts, entriesPerPart], then per part: [entries, CRC32C of the
 * uncompressed bytes, then entriesPerPart x (compressed size, decompressed size)].
 */
const HEADER = 3;
const PART_HEADER = 2;

export class FrameTable {
  readonly buffer: SharedArrayBuffer;
  readonly #slots: Uint32Array;

  /** A new table for parts `firstPart` to `firstPart + parts - 1`, or one made elsewhere (`buffer`). */
  constructor(from: SharedArrayBuffer | { firstPart: number; parts: number; entriesPerPart: number }) {
    if (from instanceof SharedArrayBuffer) {
      this.buffer = from;
      this.#slots = new Uint32Array(from);
      return;
    }
    this.buffer = new SharedArrayBuffer(4 * (HEADER + from.parts * (PART_HEADER + 2 * from.entriesPerPart)));
    this.#slots = new Uint32Array(this.buffer);
    this.#slots.set([from.firstPart, from.parts, from.entriesPerPart]);
  }

  get firstPart(): number {
    return this.#slots[0]!;
  }

  get parts(): number {
    return this.#slots[1]!;
  }

  get entriesPerPart(): number {
    return this.#slots[2]!;
  }

  /** Worker: the frames of part `partNumber` and the CRC32C of its uncompressed bytes. */
  write(partNumber: number, entries: readonly FrameEntry[], crc32c: number): void {
    if (entries.length > this.entriesPerPart) {
      throw new Error(`partpush bug: part ${partNumber} has ${entries.length} frames, room for ${this.entriesPerPart}`);
    }
    const at = this.#at(partNumber);
    this.#slots[at] = entries.length;
    this.#slots[at + 1] = crc32c;
    entries.forEach((entry, i) => {
      this.#slots[at + PART_HEADER + 2 * i] = entry.compressedSize;
      this.#slots[at + PART_HEADER + 2 * i + 1] = entry.decompressedSize;
    });
  }

  /** Main thread, once the part is done: its frames, in order. */
  entries(partNumber: number): FrameEntry[] {
    const at = this.#at(partNumber);
    return Array.from({ length: this.#slots[at]! }, (_, i) => ({
      compressedSize: this.#slots[at + PART_HEADER + 2 * i]!,
      decompressedSize: this.#slots[at + PART_HEADER + 2 * i + 1]!,
    }));
  }

  /** The part's bytes as sent: the sum of its frames' compressed sizes. */
  compressedLength(partNumber: number): number {
    return this.entries(partNumber).reduce((sum, entry) => sum + entry.compressedSize, 0);
  }

  /** CRC32C of the part's uncompressed bytes. */
  crc32c(partNumber: number): number {
    return this.#slots[this.#at(partNumber) + 1]!;
  }

  #at(partNumber: number): number {
    const index = partNumber - this.firstPart;
    if (index < 0 || index >= this.parts) throw new Error(`partpush bug: part ${partNumber} is not in this frame table`);
    return HEADER + index * (PART_HEADER + 2 * this.entriesPerPart);
  }
}
