import type { AuthMaterial } from '../auth/auth-material.js';
import { authorizeRequest } from '../auth/authorize-request.js';
import type { SignerCache } from '../auth/signer-cache.js';
import { pathWithQuery, type WireRequest } from '../core/wire-request.js';
import { toPartpushError } from './network-error.js';
import type { SessionCache } from './session-cache.js';
import type { TransportSpec } from './transport-spec.js';

export interface ControlResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Per attempt, never over a whole upload: control calls are small, so a minute means trouble. */
const CONTROL_TIMEOUT_MS = 60_000;

/** Sends a small request (initiate, complete, abort, list, head) and reads its whole answer. */
export async function sendControl(
  thread: { sessions: SessionCache; signers: SignerCache },
  transport: TransportSpec,
  request: WireRequest,
  auth: AuthMaterial,
  what: string,
  options: { body?: string; timeoutMs?: number } = {},
): Promise<ControlResponse> {
  const headers = await authorizeRequest(request, auth, thread.signers);
  const timeout = options.timeoutMs ?? CONTROL_TIMEOUT_MS;
  try {
    const response = await thread.sessions.get(transport).request({
      path: pathWithQuery(request),
      method: request.method,
      headers,
      body: options.body,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      signal: AbortSignal.timeout(timeout),
    });
    return { status: response.statusCode, headers: response.headers, body: await response.body.text() };
  } catch (error) {
    throw toPartpushError(error, what);
  }
}
