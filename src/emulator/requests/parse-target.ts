import { EmulatorError } from '../store/emulator-error.js';

/** What a request names: bucket, key and query, from its request target. */
export interface Target {
  bucket: string;
  key: string;
  /** A key was named (`/bucket/` names none: S3 reads it as the bucket). */
  hasKey: boolean;
  query: URLSearchParams;
}

/**
 * Keys are opaque strings at S3 and GCS: `a/../b`, `./x` and `a//b` are keys of their own. So the
 * request target is split by hand, never through `new URL()`, whose path normalization resolved
 * `/bkt/../escape/pwn` into a write to another bucket. Each part is percent-decoded exactly once.
 */
export function parseTarget(requestTarget: string): Target {
  // An absolute-form target (sent to proxies) carries scheme and authority before the path.
  const target = requestTarget.startsWith('/') ? requestTarget : requestTarget.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '') || '/';
  const queryAt = target.indexOf('?');
  const path = queryAt < 0 ? target : target.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? '' : target.slice(queryAt + 1));
  const slash = path.indexOf('/', 1);
  const rawBucket = slash < 0 ? path.slice(1) : path.slice(1, slash);
  const rawKey = slash < 0 ? '' : path.slice(slash + 1);
  const key = decodeOnce(rawKey);
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new EmulatorError(400, 'KeyTooLongError', 'Your key is too long');
  return { bucket: decodeOnce(rawBucket), key, hasKey: rawKey !== '', query };
}

/** S3's and GCS's longest key (object name): 1,024 bytes of UTF-8. */
const MAX_KEY_BYTES = 1024;

function decodeOnce(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new EmulatorError(400, 'InvalidURI', "Couldn't parse the specified URI.");
  }
}
