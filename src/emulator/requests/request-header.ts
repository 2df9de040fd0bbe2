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

/** A presigned URL's own parameters, which are no header. */
const QUERY_AUTH = new Set([
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-signedheaders',
  'x-amz-signature',
  'x-amz-security-token',
]);

/**
 * `x-amz-*` headers a signer hoisted into a presigned URL's query (the SDK's presigner moves
 * metadata and the storage class there; boto3's too) taken as the headers they stand for, as S3
 * takes them: metadata that was asked for is kept, and what is refused as a header is refused so.
 * After authentication, which checks them as the query they arrived in.
 */
export function hoistQueryHeaders(req: EmulatorRequest, query: URLSearchParams): void {
  for (const [name, value] of query) {
    const lower = name.toLowerCase();
    if (lower.startsWith('x-amz-') && !QUERY_AUTH.has(lower) && req.headers[lower] === undefined) req.headers[lower] = value;
  }
}
