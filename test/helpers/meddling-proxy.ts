import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the proxy received it, body read whole. */
export interface Intercepted {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Headers to set on the store's answer to this request before the client sees it. */
  answerHeaders?: Record<string, string>;
}

/**
 * What to do with a request: undefined forwards it as it came; a request forwards that instead;
 * `drop` resets the client's connection without answering (after whatever the hook did upstream).
 */
export type Meddle = (request: Intercepted, upstream: Upstream) => Promise<Intercepted | 'drop' | undefined>;

export interface Upstream {
  /** Sends a request of the proxy's own to the store, as another client would. */
  send: (request: Intercepted) => Promise<{ status: number; body: Buffer }>;
}

/**
 * An HTTP/1.1 reverse proxy in front of a store, for tests of what happens between partpush and
 * the store: another writer acting in the middle of an upload, bytes changed on the way.
 */
export async function startMeddlingProxy(target: string, meddle: Meddle): Promise<{ url: string; close: () => Promise<void> }> {
  const origin = new URL(target);
  const upstream: Upstream = { send: (r) => forward(origin, r) };
  const server: Server = createServer((req, res) => {
    void handle(req, res, upstream, meddle, origin);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, upstream: Upstream, meddle: Meddle, origin: URL): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const received: Intercepted = { method: req.method!, path: req.url!, headers: { ...req.headers }, body: Buffer.concat(chunks) };
  try {
    const decided = await meddle(received, upstream);
    if (decided === 'drop') {
      req.socket.destroy();
      return;
    }
    const sent = decided ?? received;
    const answer = await forwardRaw(origin, sent);
    res.writeHead(answer.status, { ...answer.headers, ...sent.answerHeaders });
    res.end(answer.body);
  } catch {
    req.socket.destroy();
  }
}

async function forward(origin: URL, request: Intercepted): Promise<{ status: number; body: Buffer }> {
  const { status, body } = await forwardRaw(origin, request);
  return { status, body };
}

function forwardRaw(
  origin: URL,
  request: Intercepted,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const headers: Record<string, string | string[] | undefined> = {
    ...request.headers,
    host: origin.host,
    'content-length': String(request.body.length),
  };
  delete headers['transfer-encoding'];
  delete headers.connection;
  return new Promise((resolve, reject) => {
    const out = httpRequest({ host: origin.hostname, port: origin.port, method: request.method, path: request.path, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', reject);
    });
    out.on('error', reject);
    out.end(request.body);
  });
}
