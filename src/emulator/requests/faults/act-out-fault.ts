import http2 from 'node:http2';
import type { Http2ServerRequest } from 'node:http2';
import { EmulatorError } from '../../store/emulator-error.js';
import type { Fault } from './fault-plan.js';
import type { EmulatorRequest } from '../request-header.js';

export type BodyFault = Extract<Fault, { kind: 'reset' | 'stall' | 'goaway' }>;

/** The faults acted out on the transport while a body arrives. */
export function isBodyFault(fault: Fault | undefined): fault is BodyFault {
  return fault?.kind === 'reset' || fault?.kind === 'stall' || fault?.kind === 'goaway';
}

/** Thrown after the emulator cut a request off on purpose: there is nobody left to answer. */
export class InjectedHangup extends Error {}

/**
 * Acts out a transport fault. GOAWAY (graceful, last stream 0) tells an HTTP/2 client that none of
 * its streams will be processed; over HTTP/1.1, which has no such frame, it is a reset.
 */
export async function actOut(req: EmulatorRequest, fault: BodyFault): Promise<never> {
  const h2 = req.httpVersionMajor === 2 ? (req as Http2ServerRequest).stream : undefined;
  if (fault.kind === 'stall') {
    req.pause();
    if (!req.destroyed) await new Promise((resolve) => req.once('close', resolve));
  } else if (fault.kind === 'goaway' && h2) {
    h2.session?.goaway(http2.constants.NGHTTP2_NO_ERROR, 0);
    if (!req.destroyed) await new Promise((resolve) => req.once('close', resolve));
  } else if (h2) {
    h2.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
  } else {
    req.socket.destroy();
  }
  throw new InjectedHangup(fault.kind);
}

export function faultError(fault: Extract<Fault, { kind: 'status' }>): EmulatorError {
  const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
  return new EmulatorError(fault.status, fault.code, fault.message ?? `injected fault: ${fault.code}`, headers);
}
