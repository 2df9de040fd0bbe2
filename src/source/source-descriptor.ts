import type { FileIdentity } from './file-identity.js';

/**
 * Where part bytes come from, as plain data a worker can act on without asking the main thread:
 * a file it reads itself by position, or shared memory it reads in place.
 */
export type SourceDescriptor = FileSource | SharedSource | RingSource;

/** A file, and its identity at planning time: a thread that sees another fails the upload. */
export interface FileSource extends FileIdentity {
  kind: 'file';
  path: string;
}

export interface SharedSource {
  kind: 'shared';
  buffer: SharedArrayBuffer;
  byteOffset: number;
  size: number;
}

/**
 * A stream's parts, each in its slab of a shared ring as the main thread filled it: part N lives in
 * slab (N - 1) % slabCount, and the slab is filled again only once part N has been acknowledged.
 */
export interface RingSource {
  kind: 'ring';
  buffer: SharedArrayBuffer;
  /** The part size: each slab holds one part. */
  slabSize: number;
  slabCount: number;
}
