import type { AuthMaterial } from '../auth/auth-material.js';
import { authorizeRequest } from '../auth/authorize-request.js';
import type { SignerCache } from '../auth/signer-cache.js';
import { pathWithQuery, type WireRequest } from '../wire/wire-request.js';
import { eitherSignal } from '../core/abort-signals.js';
import { toPartpushError } from './network-error.js';
import { requestOn } from './undici-parts.js';
import type { SessionCache } from './session-cache.js';
import type { TransportSpec } from './transport-spec.js';

export interface ControlResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Per attempt, never over a whole upload: control calls are small, so a minute means trouble. */
const CONTROL_TIMEOUT_MS = 60_000;

export interface ControlOptions {
  body?: string;
  /** How long the answer may keep the client waiting for its headers or its next bytes (default 60 s). */
  idleTimeoutMs?: number;
  /**
   * The most one attempt may take in all (default: the idle timeout). `null`: no such limit, for
   * a Complete, which stores take minutes to answer while they assemble a large object (S3 sends
   * its 200 at once, then whitespace; GCS may send nothing).
   */
  deadlineMs?: number | null;
  /**
   * Cuts the attempt in flight when it fires: for reads only (a listing, a HEAD before writing),
   * which a cancel must not wait out; never for a Complete or an abort.
   */
  signal?: AbortSignal;
}

/** Sends a small request (initiate, complete, abort, list, head) and reads its whole answer. */
export async function sendControl(
  thread: { sessions: SessionCache; signers: SignerCache },
  transport: TransportSpec,
  request: WireRequest,
  auth: AuthMaterial,
  what: string,
  options: ControlOptions = {},
): Promise<ControlResponse> {
  const headers = await authorizeRequest(request, auth, thread.signers);
  const idle = options.idleTimeoutMs ?? CONTROL_TIMEOUT_MS;
  const deadline = options.deadlineMs === undefined ? idle : options.deadlineMs;
  const attempt = eitherSignal(deadline === null ? undefined : AbortSignal.timeout(deadline), options.signal);
  try {
    const response = await requestOn(thread.sessions.get(transport), {
      path: pathWithQuery(request),
      method: request.method,
      headers,
      body: options.body,
      headersTimeout: idle,
      bodyTimeout: idle,
      signal: attempt.signal,
    });
    return { status: response.statusCode, headers: response.headers, body: await response.body.text() };
  } catch (error) {
    throw toPartpushError(error, what);
  } finally {
    attempt.release();
  }
}
