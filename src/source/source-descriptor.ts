/**
 * Where part bytes come from, as plain data a worker can act on without asking the main thread:
 * a file it reads itself by position, or shared memory it reads in place.
 */
export type SourceDescriptor = FileSource | SharedSource;

export interface FileSource {
  kind: 'file';
  path: string;
  size: number;
  /** Identity at planning time; a worker that sees another size or mtime fails the upload. */
  mtimeMs: number;
}

export interface SharedSource {
  kind: 'shared';
  buffer: SharedArrayBuffer;
  byteOffset: number;
  size: number;
}
