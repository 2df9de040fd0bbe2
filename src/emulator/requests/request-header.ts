import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';

export type EmulatorRequest = IncomingMessage | Http2ServerRequest;
export type EmulatorResponse = ServerResponse | Http2ServerResponse;

/** One request header, whichever HTTP version carried it. */
export function headerOf(req: EmulatorRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The GCS XML dialect, told by what only its clients send (a bearer token, x-goog-* headers):
 * where the two stores' answers differ in shape (list element names), this picks GCS's.
 */
export function isGcsDialect(req: EmulatorRequest): boolean {
  if ((headerOf(req, 'authorization') ?? '').startsWith('Bearer ')) return true;
  return Object.keys(req.headers).some((name) => name.startsWith('x-goog-'));
}
