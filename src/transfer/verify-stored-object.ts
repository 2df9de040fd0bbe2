import { crc32cToBase64 } from '../checksum/crc32c-combine.js';
import { deleteObjectRequest } from '../core/multipart-requests.js';
import { matchesStoredChecksum } from '../checksum/stored-checksum.js';
import { PartpushError } from '../errors.js';
import { sendControl } from '../http/send-control.js';
import { headObject, type StoreContext } from './multipart-calls.js';
import type { PartResult } from '../lane/lane-task.js';

/**
 * End-to-end check: the CRC32C the store computed over the object it assembled must be the one the
 * source's parts make. On a mismatch the object is deleted (as gsutil does): a corrupt object must
 * not sit under the key as if it were the upload.
 */
export async function verifyStoredObject(
  store: StoreContext,
  results: readonly PartResult[],
  objectCrc: number,
  reported: string | undefined,
  size: number,
): Promise<boolean> {
  let stored = reported;
  if (stored === undefined) {
    const head = await headObject(store);
    if (head?.size !== undefined && head.size !== size) {
      throw await deleteCorrupt(store, `the stored object is ${head.size} bytes, the source ${size}`);
    }
    stored = head?.crc32c;
  }
  if (stored === undefined) return false; // this store reports no CRC32C, or the key may not read
  const parts = results.map((r) => ({ crc32c: r.crc32c!, length: r.length }));
  if (!matchesStoredChecksum(stored, objectCrc, parts)) {
    throw await deleteCorrupt(
      store,
      `the store reports CRC32C ${stored} for the object, the source's parts make ${crc32cToBase64(objectCrc)}`,
    );
  }
  return true;
}

async function deleteCorrupt(store: StoreContext, detail: string): Promise<PartpushError> {
  const request = deleteObjectRequest(store.target);
  const deleted = await sendControl(
    store.thread,
    store.transport,
    request,
    await store.credentials.material(),
    'deleting the corrupt object',
  ).then(
    (r) => r.status === 204 || r.status === 200,
    () => false,
  );
  return new PartpushError(
    'PARTPUSH_CHECKSUM_MISMATCH',
    `the upload completed, but ${detail}; ${deleted ? 'the corrupt object was deleted' : 'the corrupt object could not be deleted: delete it'} and upload again`,
  );
}
