import { authorizeRequest } from '../auth/authorize-request.js';
import { crc32c } from '../checksum/crc32c.js';
import { serviceError } from '../http/service-error.js';
import { toPartpushError } from '../http/network-error.js';
import { requestOn } from '../http/undici-parts.js';
import { withRetries } from '../lane/with-retries.js';
import { getObjectRequest, type ObjectMatch } from '../wire/multipart-requests.js';
import { pathWithQuery } from '../wire/wire-request.js';
import type { StoreContext } from './multipart-calls.js';

/** How long the answer may pause before an attempt counts as failed (then retried as the policy says). */
const IDLE_TIMEOUT_MS = 60_000;

/**
 * The CRC32C of an object's bytes as the store serves them, read back whole, only while it is the
 * version `match` names; transient failures are retried as any control call. Undefined when it
 * cannot be read as that version (another writer's since: 412; no read permission; retries spent):
 * the caller then knows nothing more than before.
 */
export async function readBackCrc32c(store: StoreContext, match: ObjectMatch): Promise<number | undefined> {
  const what = 'reading the object back';
  try {
    return await withRetries(() => readOnce(store, match, what), {
      policy: store.retry,
      signal: store.signal,
      what,
      onRetry: (event) => store.onEvent?.({ type: 'retry', ...event }),
    });
  } catch {
    if (store.signal?.aborted) throw toPartpushError(store.signal.reason, what);
    return undefined;
  }
}

async function readOnce(store: StoreContext, match: ObjectMatch, what: string): Promise<number> {
  const request = getObjectRequest(store.target, match);
  const headers = await authorizeRequest(request, await store.credentials.material(), store.thread.signers);
  try {
    const response = await requestOn(store.thread.sessions.get(store.transport), {
      path: pathWithQuery(request),
      method: 'GET',
      headers,
      headersTimeout: IDLE_TIMEOUT_MS,
      bodyTimeout: IDLE_TIMEOUT_MS,
      signal: store.signal,
    });
    if (response.statusCode !== 200) throw serviceError(what, response.statusCode, response.headers, await response.body.text());
    let crc = 0;
    for await (const chunk of response.body) crc = crc32c(chunk as Buffer, crc);
    return crc;
  } catch (error) {
    throw toPartpushError(error, what);
  }
}
