import { createHash, randomBytes } from 'node:crypto';
import { EmulatorError } from '../store/emulator-error.js';
import { drain, send } from './answer.js';
import { classifyRequest } from './classify-request.js';
import { actOut, InjectedHangup } from './faults/act-out-fault.js';
import type { Exchange, HandlerContext, RequestRecord } from './handler-context.js';
import { parseTarget } from './parse-target.js';
import { headerOf, type EmulatorRequest, type EmulatorResponse } from './request-header.js';
import { route } from './route-request.js';

export function createRequestHandler(ctx: HandlerContext) {
  return (req: EmulatorRequest, res: EmulatorResponse): void => {
    void handle(ctx, req, res);
  };
}

async function handle(ctx: HandlerContext, req: EmulatorRequest, res: EmulatorResponse): Promise<void> {
  const connection = ctx.tracker.enter(req);
  const record: RequestRecord = {
    method: req.method ?? 'GET',
    bucket: '',
    key: '',
    action: 'unsupported',
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
    const target = parseTarget(req.url ?? '/');
    Object.assign(record, { bucket: target.bucket, key: target.key });
    record.action = classifyRequest(record.method, target.query, target.bucket !== '', target.hasKey);
    const exchange: Exchange = { ctx, req, res, record, query: target.query };
    const answer = await route(exchange);
    if (record.fault === 'lose-answer') await actOut(req, { kind: 'reset', afterBytes: 0 });
    record.status = answer.status;
    send(res, answer.status, { 'x-amz-request-id': requestId, ...answer.headers }, req.method === 'HEAD' ? undefined : answer.body);
  } catch (error) {
    if (error instanceof InjectedHangup) {
      record.errorCode = `injected-${error.message}`;
      return;
    }
    await answerError(ctx, req, res, record, requestId, error);
  } finally {
    ctx.tracker.leave(connection);
    ctx.log.push(record);
  }
}

async function answerError(
  ctx: HandlerContext,
  req: EmulatorRequest,
  res: EmulatorResponse,
  record: RequestRecord,
  requestId: string,
  error: unknown,
): Promise<void> {
  const failure = error instanceof EmulatorError ? error : new EmulatorError(500, 'InternalError', (error as Error).message);
  record.status = failure.status;
  record.errorCode = failure.code;
  const headers = { 'x-amz-request-id': requestId, 'content-type': 'application/xml', ...failure.headers };
  const body = req.method === 'HEAD' ? '' : failure.toXml(requestId);
  // A body over the size limit is not read to its end, whatever the profile: it may be terabytes.
  // (Over HTTP/2 it is still drained: the stream ends with the body.)
  const early = ctx.profile.rejectsEarly || failure.code === 'EntityTooLarge';
  if (early && req.httpVersionMajor === 1 && !req.readableEnded) {
    rejectEarly(req, res, failure.status, headers, body);
  } else {
    // Answer only after the body is consumed, so that the client reads the error, not a reset.
    await drain(req);
    send(res, failure.status, headers, body);
  }
}

/**
 * S3's refusal of a request whose body it has not read (no `Expect: 100-continue` asked): the
 * error at once, then the connection closed while the body is still arriving. The bytes that
 * arrive meanwhile are read and dropped for a moment first (a lingering close, as front ends do),
 * so the answer reaches the client ahead of the reset that the unread rest causes.
 */
function rejectEarly(req: EmulatorRequest, res: EmulatorResponse, status: number, headers: Record<string, string>, body: string): void {
  send(res, status, headers, body);
  req.resume();
  setTimeout(() => {
    if (!req.readableEnded) req.socket.destroy();
  }, EARLY_REJECTION_LINGER_MS).unref();
}

const EARLY_REJECTION_LINGER_MS = 1000;

/** What the request log keeps of a bearer token (RequestRecord.tokenFingerprint). */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 12);
}

function bearerFingerprint(authorization: string | undefined): string | undefined {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  return token === undefined ? undefined : tokenFingerprint(token);
}
