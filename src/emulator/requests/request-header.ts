import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';

export type EmulatorRequest = IncomingMessage | Http2ServerRequest;

/** One request header, whichever HTTP version carried it. */
export function headerOf(req: EmulatorRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
