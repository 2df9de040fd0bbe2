import type { VerifiedLevel } from '../checksum/checksum-placement.js';
import { crc32cToBase64 } from '../checksum/crc32c-combine.js';
import { matchesStoredChecksum } from '../checksum/stored-checksum.js';
import { deleteObjectRequest } from '../wire/multipart-requests.js';
import { PartpushError } from '../errors.js';
import { sendControl } from '../http/send-control.js';
import type { PartResult } from '../lane/lane-task.js';
import { headObject, type CompletedObject, type ObjectHead, type StoreContext } from './multipart-calls.js';
import { readBackCrc32c } from './read-back-crc32c.js';

/**
 * End-to-end check after Complete: the CRC32C the store computed over the object it assembled must
 * be the one the source's parts make. Returns what was verified. Complete has already replaced any
 * earlier object at the key, so a mismatch is settled by the bytes, not by the store's word: the
 * object (up to 1 GiB) is read back. Bytes that make the source's CRC32C mean the store reports
 * some other checksum under that name (moto without its crc32c module reports CRC32): the upload
 * stands, verified by the read. Bytes that do not are corrupt, and the object is deleted, as gsutil
 * does, but only while it is still the object completed (the delete is conditional on the ETag or
 * generation just read). An object that cannot be read back (over 1 GiB, unreadable) is deleted
 * the same way from AWS S3 and GCS, whose CRC32C is trusted, and kept from other stores, the
 * mismatch reported.
 */
export async function verifyStoredObject(
  store: StoreContext,
  results: readonly PartResult[],
  objectCrc: number,
  completed: CompletedObject,
  size: number,
): Promise<VerifiedLevel> {
  let stored = completed.crc32c;
  let head: ObjectHead | undefined;
  if (stored === undefined) {
    head = await headObject(store);
    if (head?.size !== undefined && head.size !== size) {
      throw await deleteCorrupt(store, completed, `the stored object is ${head.size} bytes, the source ${size}`, head);
    }
    stored = head?.crc32c;
  }
  const partsConfirmed = results.every((r) => r.crc32cConfirmed === true);
  if (stored === undefined) return partsConfirmed ? 'parts' : 'none'; // the store reports no CRC32C, or the key may not read
  const parts = results.map((r) => ({ crc32c: r.crc32c!, length: r.length }));
  if (!matchesStoredChecksum(stored, objectCrc, parts)) {
    const reported = `the store reports CRC32C ${stored} for the object, the source's parts make ${crc32cToBase64(objectCrc)}`;
    // The HEAD that gave the store's CRC32C, if one did: it was taken just after Complete.
    head ??= await headObject(store).catch(() => undefined);
    const ours = head !== undefined && isCompleted(head, completed);
    const served = head && ours && size <= READ_BACK_MAX_BYTES ? await readBackCrc32c(store, head) : undefined;
    if (served === objectCrc) {
      store.onEvent?.({ type: 'read-back', reported: stored, source: crc32cToBase64(objectCrc) });
      return 'read-back';
    }
    if (served !== undefined)
      throw await deleteCorrupt(store, completed, `${reported}; read back, its bytes make ${crc32cToBase64(served)}`, head);
    // Not read back: AWS S3's and GCS's own CRC32C is trusted, as it was before reading back.
    if (ours && trustsItsCrc32c(store.target.origin)) throw await deleteCorrupt(store, completed, reported, head);
    throw new PartpushError('PARTPUSH_CHECKSUM_MISMATCH', `the upload completed, but ${reported}; ${keptBecause(head, completed, size)}`);
  }
  // A composite checksum (S3's CRC of the parts' CRCs) vouches for each part, not for the object.
  return stored.replace(/-\d+$/, '') === crc32cToBase64(objectCrc) ? 'object' : 'parts';
}

/** Objects read back whole to settle a checksum mismatch. */
const READ_BACK_MAX_BYTES = 1024 ** 3;

/** Stores whose CRC32C is their documented, computed one: a mismatch from them is taken as corruption. */
function trustsItsCrc32c(origin: string): boolean {
  const host = new URL(origin).hostname;
  return host === 'storage.googleapis.com' || host.endsWith('.amazonaws.com');
}

/** Why an object whose checksum disagrees was kept (nothing deleted), in the error's words. */
function keptBecause(head: ObjectHead | undefined, completed: CompletedObject, size: number): string {
  if (!head) return 'the object could not be looked at (its HEAD failed), so it was kept: check it, and upload again if it is corrupt';
  if (completed.etag === '' || head.etag === '') {
    return "the store gave no ETag to tell this upload's object from another writer's, so it was kept: check it, and upload again if it is corrupt";
  }
  if (!isCompleted(head, completed)) {
    return 'the object at the key is no longer the one completed (another writer replaced it), so nothing was deleted: check it';
  }
  const why = size > READ_BACK_MAX_BYTES ? 'too large to read back' : 'it could not be read back';
  return `the object was kept (${why} to tell a corrupt object from a store that reports another checksum): check it, and upload again if it is corrupt`;
}

/** Whether a HEAD shows the object completed: without an ETag to compare, it might be another writer's. */
function isCompleted(head: ObjectHead, completed: CompletedObject): boolean {
  return head.etag !== '' && completed.etag !== '' && unquoted(head.etag) === unquoted(completed.etag);
}

async function deleteCorrupt(store: StoreContext, completed: CompletedObject, detail: string, seen?: ObjectHead): Promise<PartpushError> {
  const head = seen ?? (await headObject(store).catch(() => undefined));
  // Only an object shown to be the one completed, and deleted on that condition (its ETag or generation).
  const stillOurs = head !== undefined && isCompleted(head, completed);
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
  return new PartpushError('PARTPUSH_CHECKSUM_MISMATCH', `the upload completed, but ${detail}; ${outcome}, and upload again`);
}

function unquoted(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"|"$/g, '');
}
