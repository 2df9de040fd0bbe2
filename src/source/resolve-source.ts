import { identityOf } from './file-identity.js';
import { open, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PartpushError } from '../errors.js';
import type { FileSource, SharedSource } from './source-descriptor.js';

import type { ByteReader } from './byte-reader.js';
import type { StreamInput } from './stream-input.js';

/** A file (path or URL), memory, or a stream of unknown length (read by upload-object.ts, not here). */
export type SourceInput = string | URL | SharedArrayBuffer | ArrayBufferView | StreamInput | ByteReader;

/**
 * Turns what the caller passed into a SourceDescriptor. Files are only checked (exists, regular,
 * readable), never read here. Shared memory is used in place. A plain Buffer or Uint8Array is copied
 * once into a SharedArrayBuffer, because ordinary memory cannot be read by other threads; pass a
 * SharedArrayBuffer (or a view of one) to avoid that copy.
 */
export async function resolveSource(input: Exclude<SourceInput, StreamInput | ByteReader>): Promise<FileSource | SharedSource> {
  if (typeof input === 'string' || input instanceof URL) return resolveFile(input instanceof URL ? fileURLToPath(input) : input);
  if (input instanceof SharedArrayBuffer) return { kind: 'shared', buffer: input, byteOffset: 0, size: input.byteLength };
  if (ArrayBuffer.isView(input)) {
    if (input.buffer instanceof SharedArrayBuffer) {
      return { kind: 'shared', buffer: input.buffer, byteOffset: input.byteOffset, size: input.byteLength };
    }
    const shared = new SharedArrayBuffer(input.byteLength);
    new Uint8Array(shared).set(new Uint8Array(input.buffer, input.byteOffset, input.byteLength));
    return { kind: 'shared', buffer: shared, byteOffset: 0, size: input.byteLength };
  }
  throw new PartpushError(
    'PARTPUSH_INVALID_OPTION',
    'source must be a file path, a file URL, a SharedArrayBuffer, a Buffer/Uint8Array, or a stream (Readable, AsyncIterable<Uint8Array>, ReadableStream)',
  );
}

async function resolveFile(path: string): Promise<FileSource> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  if (info.isDirectory()) {
    throw new PartpushError('PARTPUSH_SOURCE_UNREADABLE', `${path} is a directory; give the path of a file to upload`);
  }
  if (!info.isFile()) {
    throw new PartpushError(
      'PARTPUSH_SOURCE_UNREADABLE',
      `${path} is not a regular file (a pipe, socket or device has no size to plan parts from)`,
    );
  }
  try {
    await (await open(path, 'r')).close();
  } catch (error) {
    throw unreadable(path, error);
  }
  return { kind: 'file', path, ...identityOf(info) };
}

function unreadable(path: string, error: unknown): PartpushError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? `no such file${notUtf8Hint(path)}`
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : (error as Error).message;
  return new PartpushError('PARTPUSH_SOURCE_UNREADABLE', `cannot read ${path}: ${reason}`, { causeCode: code });
}

/**
 * For a path that names nothing and holds U+FFFD: a name whose bytes are not UTF-8 reaches Node
 * (from the command line or any string API) with those bytes replaced, so it cannot be opened.
 */
export function notUtf8Hint(path: string): string {
  return path.includes('\ufffd')
    ? ' (its name holds U+FFFD: a file name with bytes that are not UTF-8 cannot be passed by name; rename it, or give its parent directory with -r, which reads names as they are)'
    : '';
}
