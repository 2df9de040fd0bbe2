import type { StoredObject } from '../../store/multipart-store.js';
import { EmulatorError } from '../../store/emulator-error.js';

/**
 * A read or delete that names one version of an object: S3's `versionId` (this emulator keeps no
 * versions: only `null`, the version of an unversioned object, names the object) or GCS's
 * `generation`. Whether `object` is the version named; throws what the store answers for a
 * version it does not have on a read. Never the live object for another version's name: a
 * DELETE ?generation=123 deleted the live object.
 */
export function isVersionNamed(query: URLSearchParams, object: StoredObject | undefined): boolean {
  if (namesOtherVersion(query.get('versionId'))) return false;
  const generation = query.get('generation');
  return generation === null || (object !== undefined && generation === String(object.generation));
}

export function noSuchVersion(query: URLSearchParams): EmulatorError {
  return query.has('versionId')
    ? new EmulatorError(404, 'NoSuchVersion', 'The specified version does not exist.')
    : new EmulatorError(404, 'NoSuchKey', 'The specified key does not exist.');
}

/** An S3 version id that names no version this emulator keeps (all but `null`, an unversioned object's). */
export function namesOtherVersion(versionId: string | null): boolean {
  return versionId !== null && versionId !== 'null';
}
