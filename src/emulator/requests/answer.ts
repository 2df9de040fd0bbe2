import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EmulatorRequest, EmulatorResponse } from './request-header.js';
import type { PayloadDigest } from './auth/payload-digest.js';
import { EmulatorError } from '../store/emulator-error.js';

/** What a handler answers: status, headers, and a document or the bytes of an object (read lazily). */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string | (() => AsyncIterable<Buffer>);
}

export function xml(status: number, body: string): Answer {
  return { status, headers: { 'content-type': 'application/xml' }, body };
}

export function send(res: EmulatorResponse, status: number, headers: Record<string, string>, body?: Answer['body']): void {
  if (res.destroyed) return;
  // After a held answer's 200 and whitespace, the document (a result or an <Error>) is all that is left.
  if (res.headersSent) {
    if (!res.writableEnded) res.end(typeof body === 'string' ? body : '');
    return;
  }
  if (body === undefined || typeof body === 'string') {
    const bytes = body ?? '';
    if (!('content-length' in headers)) headers['content-length'] = String(Buffer.byteLength(bytes));
    res.writeHead(status, headers);
    res.end(bytes);
    return;
  }
  res.writeHead(status, headers);
  pipeline(Readable.from(body()), res as NodeJS.WritableStream).catch(() => res.destroy());
}

/** Request documents (Complete, DeleteObjects) are small; a larger body is not one of them. */
const MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;

export async function readText(req: EmulatorRequest, payload?: PayloadDigest): Promise<string> {
  return (await readBody(req, payload)).toString('utf8');
}

/** A request document's bytes (at most 8 MiB), fed to the signed payload's digest. */
export async function readBody(req: EmulatorRequest, payload?: PayloadDigest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_DOCUMENT_BYTES) throw new EmulatorError(400, 'MaxMessageLengthExceeded', 'Your request was too big.');
    payload?.update(chunk);
    chunks.push(chunk);
  }
  payload?.check();
  return Buffer.concat(chunks);
}

export async function drain(req: EmulatorRequest): Promise<void> {
  if (req.readableEnded || req.destroyed) return;
  try {
    for await (const _ of req as AsyncIterable<Buffer>) {
      /* discard */
    }
  } catch {
    /* the client went away */
  }
}
