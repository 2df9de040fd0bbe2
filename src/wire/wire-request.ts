/**
 * A request as plain data: built on the main thread or in a worker, signed, then sent by undici.
 * Paths are already percent-encoded (see encodeObjectKey); query values are raw.
 */
export interface WireRequest {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  origin: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
}

/** `path?query`, with RFC 3986 encoding of the query and bare keys for flags such as `?uploads`. */
export function pathWithQuery(request: Pick<WireRequest, 'path' | 'query'>): string {
  const pairs = Object.entries(request.query).map(([key, value]) =>
    value === '' ? encodeQueryPart(key) : `${encodeQueryPart(key)}=${encodeQueryPart(value)}`,
  );
  return pairs.length === 0 ? request.path : `${request.path}?${pairs.join('&')}`;
}

function encodeQueryPart(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The Host header value: the port only when it is not the scheme's default. */
export function hostOf(origin: string): string {
  return new URL(origin).host;
}
