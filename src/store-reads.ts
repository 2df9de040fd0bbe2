import { listObjects } from './control/list-objects.js';
import { aString } from './option-shapes.js';
import { headObject } from './control/multipart-calls.js';
import type { UploadEnvironment } from './object-upload/upload-context.js';
import { openControl } from './object-upload/open-control.js';
import type { ResolvedTransferOptions, TransferOptions } from './options.js';
import type { ListedObject } from './wire/list-objects.js';

/** An object under a listed prefix: its destination (`s3://bucket/key`), key, size and ETag. */
export interface StoredObject extends ListedObject {
  destination: string;
}

/** What a HEAD tells of an object, in the terms `sync` compares. */
export interface StoredObjectInfo {
  size?: number;
  etag: string;
  /**
   * The store's CRC32C of the whole object (base64), where it keeps one: GCS always, S3 for
   * single PUTs and FULL_OBJECT multipart uploads. Absent for S3's composite ones (`xxx-N`), which
   * no file's CRC32C can be compared with.
   */
  crc32c?: string;
  /** The whole file's CRC32C that partpush recorded in the object's metadata when it uploaded it. */
  recordedCrc32c?: string;
}

/** A listing's options: an upload's transfer options, and the key it starts after (S3's `start-after`). */
export type ListOptions = TransferOptions & { startAfter?: string };

/** What an Uploader reads from a store before it writes: a prefix's listing and one object's HEAD. */
export interface StoreReads {
  /**
   * The objects under `prefix` (`s3://bucket/dir/`, or `s3://bucket/` for all), a page (up to
   * 1,000) at a time, in key order; with `startAfter` (a key), only those after it.
   */
  list: (prefix: string, options?: ListOptions) => AsyncGenerator<StoredObject[]>;
  /** The object at `destination`, or undefined when there is none (or it may not be read). */
  stat: (destination: string, options?: TransferOptions) => Promise<StoredObjectInfo | undefined>;
}

/** `resolve`: an Uploader's options with a call's overrides, the way its uploads take them. */
export function storeReads(env: UploadEnvironment, resolve: (overrides: TransferOptions) => ResolvedTransferOptions): StoreReads {
  return {
    async *list(prefix, { startAfter, ...overrides } = {}) {
      if (startAfter !== undefined) aString('startAfter', startAfter);
      const { store, destination } = await openControl(env, prefix, resolve(overrides), true);
      for await (const page of listObjects(store, destination.key, startAfter)) {
        yield page.map((o) => ({ ...o, destination: `${destination.scheme}://${destination.bucket}/${o.key}` }));
      }
    },
    async stat(destinationText, overrides = {}) {
      const { store } = await openControl(env, destinationText, resolve(overrides), false);
      const head = await headObject(store, true);
      if (!head) return undefined;
      const composite = head.checksumType?.toUpperCase() === 'COMPOSITE' || head.crc32c?.includes('-') === true;
      return {
        size: head.size,
        etag: head.etag,
        crc32c: composite ? undefined : head.crc32c,
        recordedCrc32c: head.recordedCrc32c,
      };
    },
  };
}
