import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import http2 from 'node:http2';

export interface ReadBack {
  status: number;
  size: number;
  sha256: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * GETs an object with Node's own http/https/http2 clients, not with undici, so what the uploader
 * wrote is checked by a different client than the one that wrote it.
 */
export function readObject(url: string, options: { ca?: string; h2c?: boolean; method?: 'GET' | 'HEAD' } = {}): Promise<ReadBack> {
  const method = options.method ?? 'GET';
  return options.h2c ? readH2c(url, method) : readH1(url, method, options.ca);
}

function readH1(url: string, method: string, ca?: string): Promise<ReadBack> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method, ca, agent: false }, (res) => {
      const hash = createHash('sha256');
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        hash.update(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, size, sha256: hash.digest('hex'), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function readH2c(url: string, method: string): Promise<ReadBack> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const session = http2.connect(target.origin);
    session.on('error', reject);
    const stream = session.request({ ':method': method, ':path': target.pathname + target.search });
    const hash = createHash('sha256');
    let size = 0;
    let status = 0;
    let headers: Record<string, string | string[] | undefined> = {};
    stream.on('response', (h) => {
      status = Number(h[':status']);
      headers = h;
    });
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      hash.update(chunk);
    });
    stream.on('end', () => {
      session.close();
      resolve({ status, size, sha256: hash.digest('hex'), headers });
    });
    stream.on('error', reject);
    stream.end();
  });
}
