import { crc32cFromBase64 } from '../core/crc32c-combine.js';
import { crc32cFromGoogHash } from '../core/multipart-requests.js';
import { actOut, type BodyFault } from './act-out-fault.js';
import type { Blob } from './blob-storage.js';
import { EmulatorError } from './emulator-error.js';
import type { HandlerContext, RequestRecord } from './handle-request.js';
import { headerOf, type EmulatorRequest } from './request-header.js';

/**
 * Reads a PUT body into storage, holding the client to what S3 does: a Content-Length is required
 * (no chunked uploads), the body must match it, and a CRC32C header, if sent, must match the bytes.
 */
export async function receiveBody(ctx: HandlerContext, req: EmulatorRequest, record: RequestRecord, fault?: BodyFault): Promise<Blob> {
  const declared = headerOf(req, 'content-length');
  if (declared === undefined) {
    throw new EmulatorError(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
  }
  const expected = Number(declared);
  const writer = ctx.store.storage.createWriter();
  let blob: Blob;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      record.bytesReceived += chunk.length;
      await writer.write(chunk);
      if (fault && record.bytesReceived >= fault.afterBytes) await actOut(req, fault);
    }
    blob = await writer.finish();
  } catch (error) {
    await writer.discard();
    throw error;
  }
  if (blob.size !== expected) {
    await blob.remove();
    throw new EmulatorError(400, 'IncompleteBody', `You did not provide the number of bytes specified by the Content-Length HTTP header (${expected} declared, ${blob.size} received).`);
  }
  const claimed = claimedCrc32c(req);
  if (claimed !== undefined && claimed !== blob.crc32c) {
    await blob.remove();
    throw new EmulatorError(400, 'BadDigest', 'The CRC32C you specified did not match the calculated checksum.');
  }
  return blob;
}

function claimedCrc32c(req: EmulatorRequest): number | undefined {
  const amz = headerOf(req, 'x-amz-checksum-crc32c');
  const goog = crc32cFromGoogHash(headerOf(req, 'x-goog-hash'));
  const text = amz ?? goog;
  if (text === undefined) return undefined;
  const crc = crc32cFromBase64(text);
  if (crc === undefined) throw new EmulatorError(400, 'InvalidDigest', `The CRC32C header "${text}" is not 4 bytes of base64.`);
  return crc;
}

