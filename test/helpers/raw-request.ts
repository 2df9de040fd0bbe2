import http from 'node:http';
import https from 'node:https';

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One HTTP/1.1 request with the path sent exactly as given (no URL normalization: `/bkt/../x`
 * reaches the server as written, as aws-cli sends it), read back whole.
 */
export function rawRequest(
  origin: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: Buffer | string; ca?: string } = {},
): Promise<RawAnswer> {
  const url = new URL(origin);
  const client = url.protocol === 'https:' ? https : http;
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  const headers = { ...(body ? { 'content-length': String(body.length) } : {}), ...options.headers };
  return new Promise((resolve, reject) => {
    const req = client.request({ host: url.hostname, port: url.port, method, path, headers, ca: options.ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A key as a client puts it in a path: each character percent-encoded as UTF-8, `/` kept. */
export function keyPath(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}
