import type { VerifiedLevel } from '../checksum/checksum-placement.js';
import { crc32cToBase64 } from '../checksum/crc32c-combine.js';
import { matchesStoredChecksum } from '../checksum/stored-checksum.js';
import { deleteObjectRequest } from '../wire/multipart-requests.js';
import { PartpushError } from '../errors.js';
import { sendControl } from '../http/send-control.js';
import type { PartResult } from '../lane/lane-task.js';
import { headObject, type CompletedObject, type ObjectHead, type StoreContext } from './multipart-calls.js';

/**
 * End-to-end check after Complete: the CRC32C the store computed over the object it assembled must
 * be the one the source's parts make. Returns what the store verified. On a mismatch the object
 * (this upload's: the store just completed it) is deleted, as gsutil does, but only while it is
 * still the object completed: the delete is conditional on the ETag or generation just read.
 */
export async function verifyStoredObject(
  store: StoreContext,
  results: readonly PartResult[],
  objectCrc: number,
  completed: CompletedObject,
  size: number,
): Promise<VerifiedLevel> {
  let stored = completed.crc32c;
  if (stored === undefined) {
    const head = await headObject(store);
    if (head?.size !== undefined && head.size !== size) {
      throw await deleteCorrupt(store, completed, `the stored object is ${head.size} bytes, the source ${size}`, head);
    }
    stored = head?.crc32c;
  }
  const partsConfirmed = results.every((r) => r.crc32cConfirmed === true);
  if (stored === undefined) return partsConfirmed ? 'parts' : 'none'; // the store reports no CRC32C, or the key may not read
  const parts = results.map((r) => ({ crc32c: r.crc32c!, length: r.length }));
  if (!matchesStoredChecksum(stored, objectCrc, parts)) {
    throw await deleteCorrupt(
      store,
      completed,
      `the store reports CRC32C ${stored} for the object, the source's parts make ${crc32cToBase64(objectCrc)}`,
    );
  }
  // A composite checksum (S3's CRC of the parts' CRCs) vouches for each part, not for the object.
  return stored.replace(/-\d+$/, '') === crc32cToBase64(objectCrc) ? 'object' : 'parts';
}

async function deleteCorrupt(store: StoreContext, completed: CompletedObject, detail: string, seen?: ObjectHead): Promise<PartpushError> {
  const head = seen ?? (await headObject(store).catch(() => undefined));
  // Only an object shown to be the one completed, and deleted on that condition: without an ETag
  // to compare and to send, it might be another writer's, and nothing is deleted.
  const stillOurs = head !== undefined && head.etag !== '' && completed.etag !== '' && unquoted(head.etag) === unquoted(completed.etag);
  const deleted =
    stillOurs &&
    (await sendControl(
      store.thread,
      store.transport,
      deleteObjectRequest(store.target, { etag: head.etag || undefined, generation: head.generation }),
      await store.credentials.material(),
      'deleting the corrupt object',
    ).then(
      (r) => r.status === 204 || r.status === 200,
      () => false,
    ));
  const outcome = deleted
    ? 'the corrupt object was deleted'
    : stillOurs
      ? 'the corrupt object could not be deleted: delete it'
      : 'the object at the key is no longer the one completed (another writer replaced it), so nothing was deleted: check it';
  return new PartpushError('PARTPUSH_CHECKSUM_MISMATCH', `the upload completed, but ${detail}; ${outcome} and upload again`);
}

function unquoted(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"|"$/g, '');
}
