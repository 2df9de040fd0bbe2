import { createReadStream, openSync } from 'node:fs';
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { crc32c } from '../../checksum/crc32c.js';
import { crc32cCombine } from '../../checksum/crc32c-combine.js';

/** Stored bytes of a part or an object, whatever the backend. */
export interface Blob {
  size: number;
  crc32c: number;
  /** Fault injection: damage the stored bytes (or, where none are kept, the stored checksum). */
  corrupt: () => void;
  /** The bytes from `start` up to `end` (exclusive), the whole blob by default: ranged reads. */
  read: (start?: number, end?: number) => AsyncIterable<Buffer>;
  remove: () => Promise<void>;
}

export interface BlobWriter {
  write: (chunk: Buffer) => Promise<void> | void;
  finish: () => Promise<Blob>;
  discard: () => Promise<void>;
}

/** Where the emulator keeps bytes: memory, a directory, or nowhere (for benchmarks). */
export interface BlobStorage {
  readonly kind: 'memory' | 'dir' | 'discard';
  createWriter: () => BlobWriter;
  /** The object made of these blobs in order; the parts themselves are consumed. */
  concat: (blobs: readonly Blob[]) => Promise<Blob>;
  /** When the emulator stops: its objects live as long as it runs, so their files go too. */
  close: () => Promise<void>;
}

export function createBlobStorage(spec: 'memory' | 'discard' | { dir: string }): BlobStorage {
  if (spec === 'memory') return memoryStorage;
  if (spec === 'discard') return discardStorage;
  return dirStorage(spec.dir);
}

function crcOf(blobs: readonly Blob[]): number {
  let crc = 0;
  for (const blob of blobs) crc = crc32cCombine(crc, blob.crc32c, blob.size);
  return crc;
}

/**
 * Copies incoming chunks into slabs of up to 8 MiB. Keeping the chunks as they came (one small
 * Buffer per HTTP/2 DATA frame, ~65,000 per GiB) cost the emulator's thread more in garbage
 * collection than the copy costs in memcpy: in-process uploads ran at half speed.
 */
const SLAB_SIZE = 8 * 1024 * 1024;
/**
 * An object's first slab; each next one is as large as the object so far, up to SLAB_SIZE. An 8 MiB
 * slab for every object made a hundred 4 KiB PUTs cost the emulator 0.5 s of garbage collection.
 */
const FIRST_SLAB_SIZE = 64 * 1024;

const memoryStorage: BlobStorage = {
  kind: 'memory',
  createWriter() {
    const slabs: Buffer[] = [];
    let slab: Buffer | undefined;
    let used = 0;
    let size = 0;
    let crc = 0;
    return {
      write(chunk) {
        size += chunk.length;
        crc = crc32c(chunk, crc);
        for (let copied = 0; copied < chunk.length; ) {
          if (!slab || used === slab.length) {
            if (slab) slabs.push(slab);
            slab = Buffer.allocUnsafeSlow(Math.min(SLAB_SIZE, Math.max(FIRST_SLAB_SIZE, size - chunk.length + copied)));
            used = 0;
          }
          const n = chunk.copy(slab, used, copied);
          used += n;
          copied += n;
        }
      },
      finish: async () => {
        if (slab && used > 0) slabs.push(used === slab.length ? slab : Buffer.from(slab.subarray(0, used)));
        slab = undefined;
        return memoryBlob(slabs, size, crc);
      },
      discard: async () => {
        slabs.length = 0;
        slab = undefined;
      },
    };
  },
  async concat(blobs) {
    const chunks: Buffer[] = [];
    for (const blob of blobs) for await (const chunk of blob.read()) chunks.push(chunk);
    return memoryBlob(
      chunks,
      blobs.reduce((n, b) => n + b.size, 0),
      crcOf(blobs),
    );
  },
  close: async () => {},
};

function memoryBlob(stored: Buffer[], size: number, crc: number): Blob {
  // Removing lets go of the chunks, never empties them: a GET that began before the object was
  // replaced or deleted reads to its end, from the array it started with, as at S3.
  let chunks = stored;
  return {
    size,
    crc32c: crc,
    corrupt() {
      const first = chunks.find((c) => c.length > 0);
      if (!first) return;
      first[0]! ^= 0xff;
      this.crc32c = chunks.reduce((c, chunk) => crc32c(chunk, c), 0);
    },
    read(start = 0, end = size) {
      return readChunks(chunks, start, end);
    },
    remove: async () => {
      chunks = [];
    },
  };
}

/** The bytes from `start` to `end` of `chunks`, the array as it was when the read began. */
async function* readChunks(chunks: readonly Buffer[], start: number, end: number): AsyncIterable<Buffer> {
  let at = 0;
  for (const chunk of chunks) {
    const from = Math.max(start - at, 0);
    const to = Math.min(end - at, chunk.length);
    if (to > from) yield from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to);
    at += chunk.length;
    if (at >= end) return;
  }
}

/** Counts and checksums bytes, keeps none: the store for throughput benchmarks. */
const discardStorage: BlobStorage = {
  kind: 'discard',
  createWriter() {
    let size = 0;
    let crc = 0;
    return {
      write(chunk) {
        size += chunk.length;
        crc = crc32c(chunk, crc);
      },
      finish: async () => discardedBlob(size, crc),
      discard: async () => {},
    };
  },
  concat: async (blobs) =>
    discardedBlob(
      blobs.reduce((n, b) => n + b.size, 0),
      crcOf(blobs),
    ),
  close: async () => {},
};

async function* emptyRead(): AsyncIterable<Buffer> {}

function discardedBlob(size: number, crc: number): Blob {
  return {
    size,
    crc32c: crc,
    corrupt() {
      this.crc32c ^= 1;
    },

    async *read() {
      throw new Error('this emulator runs with --discard: object bytes were not kept');
    },
    remove: async () => {},
  };
}

function storedFile(path: string, size: number, crc: number, removeFile: (path: string) => Promise<void>): Blob {
  return {
    size,
    crc32c: crc,
    corrupt() {
      this.crc32c ^= 1;
    }, // the file keeps its bytes; the store's checksum no longer matches
    // Opened at once (the answer's body is asked for as its headers go out): a replace or delete
    // that lands before the first byte is read unlinks a file this read already holds open, and
    // the read goes to its end, as at S3. createReadStream's `end` is inclusive; an empty range
    // reads nothing rather than one byte.
    read: (start = 0, end = size) => (end > start ? createReadStream('', { fd: openSync(path, 'r'), start, end: end - 1 }) : emptyRead()),
    remove: () => removeFile(path),
  };
}

/**
 * One file per part and per object, in a flat directory (keys are not paths on disk), for objects
 * larger than memory. The emulator's index of objects lives in memory, so the files are of use
 * only while it runs: they are removed when it stops, rather than left on disk unreachable.
 */
function dirStorage(dir: string): BlobStorage {
  // Private: the objects are the user's bytes (0600 files; a directory it creates is 0700, one the
  // user gave keeps its mode). A new file never replaces one (wx), so a name planted ahead (a
  // link) is refused rather than written through.
  const ready = mkdir(dir, { recursive: true, mode: 0o700 });
  const files = new Set<string>();
  const newPath = () => {
    const path = join(dir, `${randomUUID()}.blob`);
    files.add(path);
    return path;
  };
  const removeFile = async (path: string) => {
    await rm(path, { force: true });
    files.delete(path);
  };
  const fileBlob = (path: string, size: number, crc: number) => storedFile(path, size, crc, removeFile);
  return {
    kind: 'dir',
    createWriter() {
      const path = newPath();
      let handle: Promise<FileHandle> | undefined;
      // One write per 8 MiB, not per DATA frame, gathered from the chunks as they came (each is
      // the request's own buffer): no 8 MiB buffer per object, which a 4 KiB PUT paid for in GC.
      let pending: Buffer[] = [];
      let buffered = 0;
      let size = 0;
      let crc = 0;
      const file = () => (handle ??= ready.then(() => open(path, 'wx', 0o600)));
      const flush = async () => {
        if (buffered === 0) return;
        const chunks = pending;
        pending = [];
        buffered = 0;
        await (await file()).writev(chunks);
      };
      return {
        async write(chunk) {
          crc = crc32c(chunk, crc);
          pending.push(chunk);
          buffered += chunk.length;
          size += chunk.length;
          if (buffered >= SLAB_SIZE) await flush();
        },
        async finish() {
          await flush();
          await (await file()).close();
          return fileBlob(path, size, crc);
        },
        async discard() {
          if (handle) await (await handle).close();
          await removeFile(path);
        },
      };
    },
    async concat(blobs) {
      await ready;
      const path = newPath();
      const out = await open(path, 'wx', 0o600);
      let position = 0;
      try {
        for (const blob of blobs) {
          for await (const chunk of blob.read()) {
            await out.write(chunk, 0, chunk.length, position);
            position += chunk.length;
          }
          await blob.remove();
        }
      } finally {
        await out.close();
      }
      return fileBlob(path, position, crcOf(blobs));
    },
    async close() {
      await Promise.all([...files].map(removeFile));
    },
  };
}
