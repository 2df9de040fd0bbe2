import type { ServerResponse } from 'node:http';
import type { Http2ServerResponse } from 'node:http2';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32cToBase64 } from '../../checksum/crc32c-combine.js';
import { parseCompleteRequestXml } from '../../wire/multipart-xml.js';
import type { Blob } from '../store/blob-storage.js';
import { EmulatorError } from '../store/emulator-error.js';
import { completeResultXml, initiateResultXml, listObjectsXml, listPartsXml, listUploadsXml } from './emulator-xml.js';
import { classifyRequest } from './classify-request.js';
import { MultipartStore } from '../store/multipart-store.js';
import type { HandlerContext, RequestRecord } from './handler-context.js';
import { actOut, faultError, InjectedHangup, isBodyFault } from './act-out-fault.js';
import { compositeChecksum } from '../../checksum/stored-checksum.js';
import { checkSignature, type AccessKeys } from './check-signature.js';
import { isAwsChunked, receiveBody } from './receive-body.js';
import type { StoreProfile } from './store-profile.js';
import { headerOf, type EmulatorRequest } from './request-header.js';
import { objectAttributesOf } from './object-attributes-of.js';
import { writeConditionOf } from './write-condition.js';

type Response = ServerResponse | Http2ServerResponse;

export function createRequestHandler(ctx: HandlerContext) {
  return (req: EmulatorRequest, res: Response): void => {
    void handle(ctx, req, res);
  };
}

async function handle(ctx: HandlerContext, req: EmulatorRequest, res: Response): Promise<void> {
  const connection = ctx.tracker.enter(req);
  const url = new URL(req.url ?? '/', 'http://emulator');
  const [, bucket = '', ...rest] = url.pathname.split('/');
  const record: RequestRecord = {
    method: req.method ?? 'GET',
    bucket: safeDecode(bucket),
    key: safeDecode(rest.join('/')),
    action: classifyRequest(req.method ?? 'GET', url.searchParams, rest.length > 0 && rest.join('/') !== ''),
    status: 0,
    bytesReceived: 0,
    connectionId: connection.id,
    protocol: connection.protocol,
    authScheme: headerOf(req, 'authorization')?.split(' ')[0],
    accessKeyId: /Credential=([^/,\s]+)\//.exec(headerOf(req, 'authorization') ?? '')?.[1],
    tokenFingerprint: bearerFingerprint(headerOf(req, 'authorization')),
    receivedAt: Date.now(),
  };
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  try {
    const answer = await route(ctx, req, res, url, record);
    if (record.fault === 'lose-answer') await actOut(req, { kind: 'reset', afterBytes: 0 });
    record.status = answer.status;
    send(res, answer.status, { 'x-amz-request-id': requestId, ...answer.headers }, answer.body);
  } catch (error) {
    if (error instanceof InjectedHangup) {
      record.errorCode = `injected-${error.message}`;
      return;
    }
    const failure = error instanceof EmulatorError ? error : new EmulatorError(500, 'InternalError', (error as Error).message);
    record.status = failure.status;
    record.errorCode = failure.code;
    const headers = { 'x-amz-request-id': requestId, 'content-type': 'application/xml', ...failure.headers };
    const body = req.method === 'HEAD' ? '' : failure.toXml(requestId);
    if (ctx.profile.rejectsEarly && req.httpVersionMajor === 1 && !req.readableEnded) {
      rejectEarly(req, res, failure.status, headers, body);
    } else {
      // Answer only after the body is consumed, so that the client reads the error, not a reset.
      await drain(req);
      send(res, failure.status, headers, body);
    }
  } finally {
    ctx.tracker.leave(connection);
    ctx.log.push(record);
  }
}

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string | Blob;
}

async function route(ctx: HandlerContext, req: EmulatorRequest, res: Response, url: URL, record: RequestRecord): Promise<Answer> {
  const { store } = ctx;
  const q = url.searchParams;
  const { bucket, key } = record;
  if (!bucket) throw new EmulatorError(400, 'InvalidRequest', 'Path-style requests only: /BUCKET/KEY');
  const uploadId = q.get('uploadId') ?? '';
  if (q.has('uploadId')) record.uploadId = uploadId;
  if (record.action === 'part') record.partNumber = MultipartStore.checkPartNumber(q.get('partNumber'));
  if (ctx.keys) await authenticate(req, url, ctx.keys);
  const fault = ctx.faults.take(record);
  if (fault) record.fault = fault.kind;
  if (fault?.kind === 'status') throw faultError(fault);
  if (isBodyFault(fault) && record.action !== 'part' && record.action !== 'put-object') await actOut(req, fault);

  switch (record.action) {
    case 'create-bucket':
      store.createBucket(bucket);
      return { status: 200 };
    case 'list-uploads': {
      const prefix = q.get('prefix') ?? '';
      return xml(200, listUploadsXml(bucket, prefix, store.listUploads(bucket, prefix)));
    }
    case 'list-objects': {
      const prefix = q.get('prefix') ?? '';
      const objects = [...store.objects(bucket)].filter(([k]) => k.startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : 1));
      return xml(200, listObjectsXml(bucket, prefix, objects));
    }
    case 'initiate': {
      await drain(req);
      refuseChecksumHeaders(ctx.profile, req);
      const upload = store.initiate(
        bucket,
        key,
        objectAttributesOf(req),
        ctx.profile.ignoresChecksumAlgorithm ? undefined : headerOf(req, 'x-amz-checksum-algorithm'),
      );
      return xml(200, initiateResultXml(bucket, key, upload.id));
    }
    case 'part': {
      const upload = store.upload(bucket, key, uploadId);
      refuseChecksumForms(ctx.profile, req);
      const blob = await receiveBody(ctx, req, record, fault);
      const received = checksumHeadersOf(blob, ctx.profile);
      if (fault?.kind === 'corrupt') blob.corrupt();
      const part = await store.putPart(upload, record.partNumber!, blob);
      return { status: 200, headers: { etag: part.etag, ...received } };
    }
    case 'complete': {
      const upload = store.upload(bucket, key, uploadId);
      const parts = parseCompleteRequestXml(await readText(req));
      const hold = fault?.kind === 'slow-answer' ? fault : ctx.profile.slowComplete;
      if (hold) await holdAnswer(res, hold);
      if (!parts)
        throw new EmulatorError(
          400,
          'MalformedXML',
          'The XML you provided was not well-formed or did not validate against our published schema.',
        );
      const refusal = ctx.profile.refuseCompletePartChecksums;
      if (refusal && parts.some((p) => p.checksumCrc32c !== undefined))
        throw new EmulatorError(refusal.status, refusal.code, refusal.message);
      // Read before Complete, which consumes the parts (and refuses any it does not know).
      const partChecksums = parts
        .map((p) => upload.parts.get(p.partNumber)?.blob)
        .map((blob) => ({ crc32c: blob?.crc32c ?? 0, length: blob?.size ?? 0 }));
      const object = await store.complete(upload, parts, writeConditionOf(req));
      const reported =
        ctx.profile.completeChecksum === 'none'
          ? undefined
          : ctx.profile.completeChecksum === 'composite'
            ? `${compositeChecksum(partChecksums)}-${parts.length}`
            : crc32cToBase64(object.blob.crc32c);
      return xml(200, completeResultXml(`/${bucket}/${key}`, bucket, key, ctx.profile.emptyCompleteEtag ? '' : object.etag, reported));
    }
    case 'abort': {
      const upload = store.upload(bucket, key, uploadId);
      if (fault?.kind !== 'pretend') await store.abort(upload);
      return { status: 204 };
    }
    case 'list-parts': {
      const upload = store.upload(bucket, key, uploadId);
      const maxParts = Math.min(1000, Number(q.get('max-parts') ?? 1000) || 1000);
      return xml(200, listPartsXml(upload, Number(q.get('part-number-marker') ?? 0) || 0, maxParts));
    }
    case 'put-object': {
      // Checked before the body is read too, as the stores do, so a refused write costs no upload.
      const condition = writeConditionOf(req);
      condition(store.objects(bucket).get(key));
      const attributes = objectAttributesOf(req);
      refuseChecksumForms(ctx.profile, req);
      const blob = await receiveBody(ctx, req, record, fault);
      const received = checksumHeadersOf(blob, ctx.profile);
      if (fault?.kind === 'corrupt') blob.corrupt();
      const object = await store.putObject(bucket, key, blob, attributes, condition);
      return { status: 200, headers: { etag: object.etag, ...received } };
    }
    case 'get-object':
    case 'head-object': {
      const object = store.getObject(bucket, key);
      return {
        status: 200,
        headers: {
          ...object.attributes,
          'content-length': String(object.blob.size),
          'x-goog-generation': String(object.generation),
          etag: object.etag,
          'last-modified': object.lastModified.toUTCString(),
          'x-goog-stored-content-length': String(object.blob.size),
          ...checksumHeadersOf(object.blob, ctx.profile),
        },
        body: record.action === 'get-object' ? object.blob : undefined,
      };
    }
    case 'delete-object':
      await store.deleteObject(bucket, key);
      return { status: 204 };
    case 'unsupported':
      throw new EmulatorError(
        405,
        'MethodNotAllowed',
        `${req.method} ${key ? 'on an object' : 'on a bucket'} with this query is not supported by this emulator`,
      );
  }
}

function send(res: Response, status: number, headers: Record<string, string>, body?: string | Blob): void {
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
  pipeline(Readable.from(body.read()), res as NodeJS.WritableStream).catch(() => res.destroy());
}

/**
 * S3's refusal of a request whose body it has not read (no `Expect: 100-continue` asked): the
 * error at once, then the connection closed while the body is still arriving. The bytes that
 * arrive meanwhile are read and dropped for a moment first (a lingering close, as front ends do),
 * so the answer reaches the client ahead of the reset that the unread rest causes.
 */
function rejectEarly(req: EmulatorRequest, res: Response, status: number, headers: Record<string, string>, body: string): void {
  send(res, status, headers, body);
  req.resume();
  setTimeout(() => {
    if (!req.readableEnded) req.socket.destroy();
  }, EARLY_REJECTION_LINGER_MS).unref();
}

const EARLY_REJECTION_LINGER_MS = 1000;

/**
 * The CRC32C of stored bytes as both stores report it, in a PUT's answer (what a client that sent
 * no checksum header, as GCS takes no trailer, compares with its own; taken before a `corrupt`
 * fault, which acts out damage after the store has answered) and on HEAD. None where the profile's
 * store reports none.
 */
function checksumHeadersOf(blob: Blob, profile: StoreProfile): Record<string, string> {
  if (!profile.reportChecksums) return {};
  const crc = crc32cToBase64(blob.crc32c);
  return { 'x-amz-checksum-crc32c': crc, 'x-goog-hash': `crc32c=${crc}` };
}

function xml(status: number, body: string): Answer {
  return { status, headers: { 'content-type': 'application/xml' }, body };
}

async function readText(req: EmulatorRequest): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function drain(req: EmulatorRequest): Promise<void> {
  if (req.readableEnded || req.destroyed) return;
  try {
    for await (const _ of req as AsyncIterable<Buffer>) {
      /* discard */
    }
  } catch {
    /* the client went away */
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** What the request log keeps of a bearer token (RequestRecord.tokenFingerprint). */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 12);
}

function bearerFingerprint(authorization: string | undefined): string | undefined {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  return token === undefined ? undefined : tokenFingerprint(token);
}

/** The `slow-answer` fault, acted out on a Complete whose request has been read: the store is assembling. */
async function holdAnswer(res: Response, fault: { seconds: number; whitespace?: boolean }): Promise<void> {
  let spaces: NodeJS.Timeout | undefined;
  if (fault.whitespace) {
    res.writeHead(200, { 'content-type': 'application/xml' });
    const space = () => (res as NodeJS.WritableStream).write(' ');
    space();
    spaces = setInterval(space, 1000);
  }
  await new Promise((resolve) => setTimeout(resolve, fault.seconds * 1000));
  clearInterval(spaces);
}

/** A profile's refusal of the checksum forms a part or PUT arrives in (aws-chunked, checksum headers). */
function refuseChecksumForms(profile: StoreProfile, req: EmulatorRequest): void {
  const trailer = profile.refuseTrailer;
  if (trailer && isAwsChunked(req)) throw new EmulatorError(trailer.status, trailer.code, trailer.message);
  refuseChecksumHeaders(profile, req);
}

function refuseChecksumHeaders(profile: StoreProfile, req: EmulatorRequest): void {
  const refusal = profile.refuseChecksumHeaders;
  const named = Object.keys(req.headers).some(
    (name) => name.startsWith('x-amz-checksum-') || name === 'x-amz-sdk-checksum-algorithm' || name === 'x-amz-trailer',
  );
  if (refusal && named) throw new EmulatorError(refusal.status, refusal.code, refusal.message);
}

/**
 * With keys: a SigV4-signed request must verify, and a write must be signed (SigV4, or a bearer
 * token in the GCS dialect, which is not checked). Unsigned reads pass, as from a public bucket,
 * so that tests can read objects back with plain HTTP clients.
 */
async function authenticate(req: EmulatorRequest, url: URL, keys: AccessKeys): Promise<void> {
  const authorization = headerOf(req, 'authorization') ?? '';
  if (authorization.startsWith('AWS4-HMAC-SHA256 ')) return checkSignature(req, url, keys);
  const write = req.method !== 'GET' && req.method !== 'HEAD';
  if (write && !authorization.startsWith('Bearer '))
    throw new EmulatorError(403, 'AccessDenied', 'Access Denied: this emulator was started with keys, and the request is not signed');
}
