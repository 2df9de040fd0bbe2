import { CRC32C_TRAILER } from '../../checksum/aws-chunked.js';
import { crc32cFromBase64 } from '../../checksum/crc32c-combine.js';
import { crc32cFromHeaders } from '../../wire/multipart-requests.js';
import { actOut, isBodyFault } from './act-out-fault.js';
import { AwsChunkedDecoder } from './aws-chunked-decoder.js';
import type { Blob } from '../store/blob-storage.js';
import { EmulatorError } from '../store/emulator-error.js';
import type { Fault } from './fault-plan.js';
import type { HandlerContext, RequestRecord } from './handler-context.js';
import { headerOf, type EmulatorRequest } from './request-header.js';

/**
 * Reads a PUT body into storage, holding the client to what S3 does: a Content-Length is required
 * (no chunked uploads), the body must match it, and a CRC32C, if sent (in a header, or in the
 * trailer of an aws-chunked body), must match the bytes.
 */
export async function receiveBody(ctx: HandlerContext, req: EmulatorRequest, record: RequestRecord, fault?: Fault): Promise<Blob> {
  const declared = headerOf(req, 'content-length');
  if (declared === undefined) {
    throw new EmulatorError(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
  }
  const expected = Number(declared);
  const decoder = isAwsChunked(req) ? awsChunkedDecoder(req) : undefined;
  const decodedLength = decoder && Number(headerOf(req, 'x-amz-decoded-content-length'));
  // The CRC32C then comes in the body's trailer instead of a header.
  const trailed = decoder !== undefined && headerOf(req, 'x-amz-trailer') !== undefined;
  const writer = ctx.store.storage.createWriter();
  let garble = fault?.kind === 'garble';
  let blob: Blob;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      record.bytesReceived += chunk.length;
      for (const data of decoder ? decoder.push(chunk) : [chunk]) {
        if (garble && data.length > 0) {
          data[0]! ^= 0xff;
          garble = false;
        }
        await writer.write(data);
      }
      if (isBodyFault(fault) && record.bytesReceived >= fault.afterBytes) await actOut(req, fault);
    }
    blob = await writer.finish();
  } catch (error) {
    await writer.discard();
    throw error;
  }
  try {
    if (record.bytesReceived !== expected) {
      throw new EmulatorError(
        400,
        'IncompleteBody',
        `You did not provide the number of bytes specified by the Content-Length HTTP header (${expected} declared, ${record.bytesReceived} received).`,
      );
    }
    decoder?.finish();
    if (decoder && blob.size !== decodedLength) {
      throw new EmulatorError(
        400,
        'IncompleteBody',
        `The aws-chunked body carried ${blob.size} bytes, x-amz-decoded-content-length says ${decodedLength}.`,
      );
    }
    const claimed = claimedCrc32c(req, trailed ? decoder.trailers : undefined);
    if (claimed !== undefined && claimed !== blob.crc32c) {
      throw new EmulatorError(400, 'BadDigest', 'The CRC32C you specified did not match the calculated checksum.');
    }
    if (claimed !== undefined) record.checksum = trailed ? 'trailer' : 'header';
  } catch (error) {
    await blob.remove();
    throw error;
  }
  return blob;
}

export function isAwsChunked(req: EmulatorRequest): boolean {
  return (headerOf(req, 'content-encoding') ?? '').split(',').some((e) => e.trim() === 'aws-chunked');
}

/** The headers S3 requires of an aws-chunked body with a trailing checksum, checked before reading it. */
function awsChunkedDecoder(req: EmulatorRequest): AwsChunkedDecoder {
  const decoded = headerOf(req, 'x-amz-decoded-content-length');
  if (decoded === undefined || !/^\d+$/.test(decoded)) {
    throw new EmulatorError(411, 'MissingContentLength', 'An aws-chunked body needs x-amz-decoded-content-length.');
  }
  const trailer = headerOf(req, 'x-amz-trailer');
  if (trailer !== undefined && trailer.toLowerCase() !== CRC32C_TRAILER) {
    throw new EmulatorError(400, 'InvalidRequest', `This emulator verifies ${CRC32C_TRAILER} trailers only, not "${trailer}".`);
  }
  return new AwsChunkedDecoder();
}

/** The CRC32C the client claims: from the body's `trailers` when it announced one, else a header. */
function claimedCrc32c(req: EmulatorRequest, trailers?: ReadonlyMap<string, string>): number | undefined {
  let text = crc32cFromHeaders(req.headers);
  if (trailers) {
    text = trailers.get(CRC32C_TRAILER);
    if (text === undefined)
      throw new EmulatorError(
        400,
        'MalformedTrailerError',
        `The body ended without the ${CRC32C_TRAILER} trailer that x-amz-trailer announced.`,
      );
  }
  if (text === undefined) return undefined;
  const crc = crc32cFromBase64(text);
  if (crc === undefined) throw new EmulatorError(400, 'InvalidDigest', `The CRC32C "${text}" is not 4 bytes of base64.`);
  return crc;
}
