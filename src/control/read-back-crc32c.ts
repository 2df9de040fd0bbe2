import { authorizeRequest } from '../auth/authorize-request.js';
import { crc32c } from '../checksum/crc32c.js';
import { toPartpushError } from '../http/network-error.js';
import { requestOn } from '../http/undici-parts.js';
import { getObjectRequest, type ObjectMatch } from '../wire/multipart-requests.js';
import { pathWithQuery } from '../wire/wire-request.js';
import type { StoreContext } from './multipart-calls.js';

/** How long the answer may pause before the read back counts as failed. */
const IDLE_TIMEOUT_MS = 60_000;

/**
 * The CRC32C of an object's bytes as the store serves them, read back whole, only while it is the
 * version `match` names. Undefined when it cannot be read as that version (another writer's since,
 * no read permission, a network failure): the caller then knows nothing more than before.
 */
export async function readBackCrc32c(store: StoreContext, match: ObjectMatch): Promise<number | undefined> {
  const request = getObjectRequest(store.target, match);
  try {
    const headers = await authorizeRequest(request, await store.credentials.material(), store.thread.signers);
    const response = await requestOn(store.thread.sessions.get(store.transport), {
      path: pathWithQuery(request),
      method: 'GET',
      headers,
      headersTimeout: IDLE_TIMEOUT_MS,
      bodyTimeout: IDLE_TIMEOUT_MS,
      signal: store.signal,
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      return undefined;
    }
    let crc = 0;
    for await (const chunk of response.body) crc = crc32c(chunk as Buffer, crc);
    return crc;
  } catch (error) {
    if (store.signal?.aborted) throw toPartpushError(error, 'reading the object back');
    return undefined;
  }
}
