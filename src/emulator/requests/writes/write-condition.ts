import type { StoredObject, WriteCondition } from '../../store/multipart-store.js';
import { sameEtag } from '../../../wire/multipart-requests.js';
import { EmulatorError } from '../../store/emulator-error.js';
import { headerOf, type EmulatorRequest } from '../request-header.js';

/**
 * The preconditions of a write (PUT object, Complete, DELETE) in both dialects, as the stores
 * answer them: S3's `If-None-Match: *` and `If-Match: ETAG`; GCS's `x-goog-if-generation-match: N`
 * (0: the key must be free), `x-goog-if-generation-not-match`, and the metageneration pair (every
 * object here is at metageneration 1). A failed one is 412 PreconditionFailed, and nothing is
 * written; a GCS condition that is no number is 400.
 * `removal`: for a DELETE, where a missing key under If-Match is not an error S3 reports (204).
 */
export function writeConditionOf(req: EmulatorRequest, removal = false): WriteCondition {
  const noneMatch = headerOf(req, 'if-none-match');
  const match = headerOf(req, 'if-match');
  const goog = (name: string) => googNumber(req, name);
  const generation = goog('x-goog-if-generation-match');
  const notGeneration = goog('x-goog-if-generation-not-match');
  const metageneration = goog('x-goog-if-metageneration-match');
  const notMetageneration = goog('x-goog-if-metageneration-not-match');
  // S3's conditional deletes by size and last modified time (DeleteObject).
  const size = headerOf(req, 'x-amz-if-match-size');
  const modifiedAt = headerOf(req, 'x-amz-if-match-last-modified-time');
  return (current: StoredObject | undefined) => {
    const unlike = current && identityMismatch(current, { size, modifiedAt });
    if (unlike) throw failed(unlike === 'size' ? 'x-amz-if-match-size' : 'x-amz-if-match-last-modified-time');
    if (noneMatch !== undefined && current && (noneMatch.trim() === '*' || sameEtag(noneMatch, current.etag)))
      throw failed('If-None-Match');
    if (match !== undefined && (!current || (match.trim() !== '*' && !sameEtag(match, current.etag)))) {
      // S3 answers a missing object under If-Match with 404.
      if (!current && removal) return;
      if (!current) throw new EmulatorError(404, 'NoSuchKey', 'The specified key does not exist.');
      throw failed('If-Match');
    }
    const live = String(current?.generation ?? 0);
    if (generation !== undefined && live !== generation) throw failed('x-goog-if-generation-match');
    if (notGeneration !== undefined && live === notGeneration) throw failed('x-goog-if-generation-not-match');
    // A metageneration condition needs an object to compare with.
    const meta = current ? '1' : undefined;
    if (metageneration !== undefined && meta !== metageneration) throw failed('x-goog-if-metageneration-match');
    if (notMetageneration !== undefined && meta === notMetageneration) throw failed('x-goog-if-metageneration-not-match');
  };
}

/** A GCS precondition's value: a whole number, or 400 (GCS's InvalidArgument) before anything is compared. */
function googNumber(req: EmulatorRequest, name: string): string | undefined {
  const value = headerOf(req, name)?.trim();
  if (value !== undefined && !/^\d+$/.test(value)) {
    throw new EmulatorError(400, 'InvalidArgument', `Invalid argument: ${name} must be a non-negative integer, got "${value}"`);
  }
  return value === undefined ? undefined : String(Number(value));
}

/**
 * Which of an object's ETag, size and last modified time (to the whole second, as HTTP dates
 * give it) is not the one a condition names, if any: DeleteObject's headers and each entry of a
 * DeleteObjects document name them the same way.
 */
export function identityMismatch(
  object: StoredObject,
  wanted: { etag?: string; size?: string; modifiedAt?: string },
): 'etag' | 'size' | 'modifiedAt' | undefined {
  if (wanted.etag !== undefined && !sameEtag(wanted.etag, object.etag)) return 'etag';
  if (wanted.size !== undefined && wanted.size.trim() !== String(object.blob.size)) return 'size';
  const second = (ms: number) => Math.floor(ms / 1000);
  if (wanted.modifiedAt !== undefined && second(Date.parse(wanted.modifiedAt)) !== second(object.lastModified.getTime()))
    return 'modifiedAt';
  return undefined;
}

export function failed(condition: string): EmulatorError {
  return new EmulatorError(412, 'PreconditionFailed', `At least one of the pre-conditions you specified did not hold (${condition})`);
}
