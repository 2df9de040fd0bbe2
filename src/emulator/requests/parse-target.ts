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
  return { bucket: decodeOnce(rawBucket), key: decodeOnce(rawKey), hasKey: rawKey !== '', query };
}

function decodeOnce(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new EmulatorError(400, 'InvalidURI', "Couldn't parse the specified URI.");
  }
}
