import { sameEtag } from '../../../wire/multipart-requests.js';
import type { StoredObject } from '../../store/multipart-store.js';
import { EmulatorError } from '../../store/emulator-error.js';
import { headerOf, type EmulatorRequest } from '../request-header.js';

/**
 * The conditions of a GET or HEAD, in RFC 9110's order as S3 evaluates them: If-Match (412), else
 * If-Unmodified-Since (412); If-None-Match (304), else If-Modified-Since (304). GCS's generation
 * conditions too: x-goog-if-generation-match (412), x-goog-if-generation-not-match (304).
 * Returns whether the answer is 304 Not Modified; throws 412.
 */
export function notModified(req: EmulatorRequest, object: StoredObject): boolean {
  const match = headerOf(req, 'if-match');
  const noneMatch = headerOf(req, 'if-none-match');
  // HTTP dates have whole seconds: an object written at 12:00:00.700 was "modified at 12:00:00".
  const modified = Math.floor(object.lastModified.getTime() / 1000) * 1000;
  if (match !== undefined) {
    if (!etagListed(match, object.etag)) throw failed('If-Match');
  } else if (dateOf(headerOf(req, 'if-unmodified-since')) < modified) {
    throw failed('If-Unmodified-Since');
  }
  const generation = headerOf(req, 'x-goog-if-generation-match');
  if (generation !== undefined && generation.trim() !== String(object.generation)) throw failed('x-goog-if-generation-match');
  if (noneMatch !== undefined) return etagListed(noneMatch, object.etag);
  if (modified <= dateOf(headerOf(req, 'if-modified-since'), -Infinity)) return true;
  return headerOf(req, 'x-goog-if-generation-not-match')?.trim() === String(object.generation);
}

/** `*` or a comma-separated list of (possibly weak) ETags. */
function etagListed(list: string, etag: string): boolean {
  return list.split(',').some((candidate) => candidate.trim() === '*' || sameEtag(candidate.trim().replace(/^W\//, ''), etag));
}

/**
 * RFC 9110's three HTTP-date forms (IMF-fixdate, RFC 850, asctime), and ISO 8601 as some clients
 * send it: anything else is no date, though Date.parse would read "1" as the year 2001.
 */
const HTTP_DATE = [
  /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Za-z]+, \d{2}-[A-Za-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
];

/** An HTTP date in ms; an absent or invalid one is ignored, as RFC 9110 says (the condition does not apply). */
function dateOf(text: string | undefined, absent = Infinity): number {
  const trimmed = text?.trim();
  const time = trimmed === undefined || !HTTP_DATE.some((form) => form.test(trimmed)) ? Number.NaN : Date.parse(trimmed);
  return Number.isNaN(time) ? absent : time;
}

function failed(condition: string): EmulatorError {
  return new EmulatorError(
    412,
    'PreconditionFailed',
    `At least one of the pre-conditions you specified did not hold (${condition})`,
    {},
    {
      Condition: condition,
    },
  );
}
