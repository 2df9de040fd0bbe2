import type { StoredObject, WriteCondition } from '../../store/multipart-store.js';
import { sameEtag } from '../../../wire/multipart-requests.js';
import { EmulatorError } from '../../store/emulator-error.js';
import { headerOf, type EmulatorRequest } from '../request-header.js';

/**
 * The preconditions of a write (PUT object, Complete) in both dialects, as the stores answer them:
 * S3's `If-None-Match: *` and `If-Match: ETAG`, GCS's `x-goog-if-generation-match: N` (0: the key
 * must be free). A failed one is 412 PreconditionFailed, and nothing is written.
 */
/** `removal`: for a DELETE, where a missing key under If-Match is not an error S3 reports (204). */
export function writeConditionOf(req: EmulatorRequest, removal = false): WriteCondition {
  const noneMatch = headerOf(req, 'if-none-match');
  const match = headerOf(req, 'if-match');
  const generation = headerOf(req, 'x-goog-if-generation-match');
  return (current: StoredObject | undefined) => {
    if (noneMatch !== undefined && current && (noneMatch.trim() === '*' || sameEtag(noneMatch, current.etag)))
      throw failed('If-None-Match');
    if (match !== undefined && (!current || (match.trim() !== '*' && !sameEtag(match, current.etag)))) {
      // S3 answers a missing object under If-Match with 404.
      if (!current && removal) return;
      if (!current) throw new EmulatorError(404, 'NoSuchKey', 'The specified key does not exist.');
      throw failed('If-Match');
    }
    if (generation !== undefined && String(current?.generation ?? 0) !== generation.trim()) throw failed('x-goog-if-generation-match');
  };
}

function failed(condition: string): EmulatorError {
  return new EmulatorError(412, 'PreconditionFailed', `At least one of the pre-conditions you specified did not hold (${condition})`);
}
