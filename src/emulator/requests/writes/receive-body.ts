import { createHash } from 'node:crypto';
import { MAX_PART_SIZE } from '../../../core/plan-parts.js';
import { crc32cToBase64 } from '../../../checksum/crc32c-combine.js';
import { actOut, isBodyFault } from '../faults/act-out-fault.js';
import { AwsChunkedDecoder } from '../aws-chunked-decoder.js';
import type { ChunkSignatures } from '../auth/chunk-signatures.js';
import type { Blob } from '../../store/blob-storage.js';
import { EmulatorError } from '../../store/emulator-error.js';
import type { Exchange } from '../handler-context.js';
import { headerOf, type EmulatorRequest } from '../request-header.js';
import { checksumHeaderName, type ChecksumAlgorithm } from '../../checksums/checksum-algorithm.js';
import { createHasher, type Hasher } from '../../checksums/create-hasher.js';
import { checkDigestForm, checksumClaimOf, type ChecksumClaim } from './checksum-claim.js';

/** A body kept by the store, with the digests computed as it arrived (base64, by algorithm). */
export interface Received {
  blob: Blob;
  checksums: Partial<Record<ChecksumAlgorithm, string>>;
  claim?: ChecksumClaim;
  /** The body's MD5, for its ETag: computed where the store keeps bytes, or where Content-MD5 asks. */
  md5?: Buffer;
}

/**
 * Reads a PUT body into storage, holding the client to what S3 does: a Content-Length is required
 * (no chunked uploads), the body must match it, and a checksum, if sent in any algorithm the SDKs
 * use (in a header, or in the trailer of an aws-chunked body), must match the bytes: BadDigest.
 * `also`: an algorithm to compute whatever was claimed (a multipart upload's own); `largest`: the
 * most content the request may carry (EntityTooLarge past it).
 */
export async function receiveBody(ex: Exchange, also?: ChecksumAlgorithm, largest = MAX_PART_SIZE): Promise<Received> {
  const { req, record } = ex;
  const declared = headerOf(req, 'content-length');
  const decoder = isAwsChunked(req) ? awsChunkedDecoder(req, ex.chunkSignatures) : undefined;
  // An aws-chunked body may come with Transfer-Encoding: chunked instead (botocore sends it so
  // over TLS); x-amz-decoded-content-length then gives the size, as at S3.
  if (declared === undefined && !decoder) {
    throw new EmulatorError(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
  }
  const content = decoder ? Number(headerOf(req, 'x-amz-decoded-content-length')) : Number(declared);
  if (content > largest) {
    // Refused before the body is read, as the stores do: 5 GiB per part, and per single PUT at S3.
    throw new EmulatorError(
      400,
      'EntityTooLarge',
      `Your proposed upload exceeds the maximum allowed size (${content} bytes, at most ${largest}).`,
    );
  }
  const claim = checksumClaimOf(req, decoder !== undefined);
  if (claim?.value !== undefined) checkDigestForm(claim.algorithm, claim.value);
  // CRC32C is every blob's own; the others are computed only when asked for.
  const algorithms = [...new Set([claim?.algorithm, also])].filter((a): a is ChecksumAlgorithm => a !== undefined && a !== 'CRC32C');
  const hashers = new Map(await Promise.all(algorithms.map(async (a) => [a, await createHasher(a)] as const)));
  const contentMd5 = contentMd5Of(req);
  const md5 = contentMd5 !== undefined || ex.ctx.store.storage.kind !== 'discard' ? createHash('md5') : undefined;
  const blob = await storeBody(ex, decoder, [...hashers.values(), ...(md5 ? [md5] : [])]);
  try {
    if (declared !== undefined && record.bytesReceived !== Number(declared)) {
      throw new EmulatorError(
        400,
        'IncompleteBody',
        `You did not provide the number of bytes specified by the Content-Length HTTP header (${declared} declared, ${record.bytesReceived} received).`,
      );
    }
    ex.payload?.check();
    decoder?.finish();
    const decodedLength = Number(headerOf(req, 'x-amz-decoded-content-length'));
    if (decoder && blob.size !== decodedLength) {
      throw new EmulatorError(
        400,
        'IncompleteBody',
        `The aws-chunked body carried ${blob.size} bytes, x-amz-decoded-content-length says ${decodedLength}.`,
      );
    }
    const checksums: Received['checksums'] = { CRC32C: crc32cToBase64(blob.crc32c) };
    for (const [algorithm, hasher] of hashers) checksums[algorithm] = (await hasher.digest()).toString('base64');
    const digest = md5?.digest();
    if (contentMd5 !== undefined && !contentMd5.equals(digest!)) {
      throw new EmulatorError(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
    }
    if (claim) verifyClaim(claim, checksums[claim.algorithm]!, decoder?.trailers);
    if (claim && claim.from !== 'algorithm') record.checksum = claim.from;
    return { blob, checksums, claim, md5: digest };
  } catch (error) {
    await blob.remove();
    throw error;
  }
}

/** The 16 bytes a Content-MD5 header gives, checked before the body is read; undefined without one. */
export function contentMd5Of(req: EmulatorRequest): Buffer | undefined {
  const header = headerOf(req, 'content-md5');
  if (header === undefined) return undefined;
  const bytes = Buffer.from(header, 'base64');
  if (bytes.length !== 16 || bytes.toString('base64') !== header.trim()) {
    throw new EmulatorError(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.');
  }
  return bytes;
}

/** The body's bytes into a blob (decoded from aws-chunked framing), fed to the hashers and the payload digest. */
async function storeBody(ex: Exchange, decoder: AwsChunkedDecoder | undefined, hashers: readonly Pick<Hasher, 'update'>[]): Promise<Blob> {
  const { req, record, fault, payload } = ex;
  const writer = ex.ctx.store.storage.createWriter();
  let garble = fault?.kind === 'garble';
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      record.bytesReceived += chunk.length;
      payload?.update(chunk);
      for (const data of decoder ? decoder.push(chunk) : [chunk]) {
        if (garble && data.length > 0) {
          data[0]! ^= 0xff;
          garble = false;
        }
        for (const hasher of hashers) hasher.update(data);
        await writer.write(data);
      }
      if (isBodyFault(fault) && record.bytesReceived >= fault.afterBytes) await actOut(req, fault);
    }
    return await writer.finish();
  } catch (error) {
    await writer.discard();
    throw error;
  }
}

/** The claimed value (a header's, or the trailer's once the body is in) against the computed one. */
function verifyClaim(claim: ChecksumClaim, computed: string, trailers?: ReadonlyMap<string, string>): void {
  let value = claim.value;
  if (claim.from === 'trailer') {
    const name = checksumHeaderName(claim.algorithm);
    value = trailers?.get(name);
    if (value === undefined)
      throw new EmulatorError(400, 'MalformedTrailerError', `The body ended without the ${name} trailer that x-amz-trailer announced.`);
    checkDigestForm(claim.algorithm, value);
  }
  if (value !== undefined && value !== computed) {
    throw new EmulatorError(400, 'BadDigest', `The ${claim.algorithm} you specified did not match the calculated checksum.`);
  }
}

/** Content-Encoding aws-chunked, or a streaming payload declared (S3 decodes by the declaration, with or without the encoding). */
export function isAwsChunked(req: EmulatorRequest): boolean {
  if ((headerOf(req, 'x-amz-content-sha256') ?? '').startsWith('STREAMING-')) return true;
  return (headerOf(req, 'content-encoding') ?? '').split(',').some((e) => e.trim() === 'aws-chunked');
}

/** The headers S3 requires of an aws-chunked body, checked before reading it. */
function awsChunkedDecoder(req: EmulatorRequest, signatures: ChunkSignatures | undefined): AwsChunkedDecoder {
  const decoded = headerOf(req, 'x-amz-decoded-content-length');
  if (decoded === undefined || !/^\d+$/.test(decoded)) {
    throw new EmulatorError(411, 'MissingContentLength', 'An aws-chunked body needs x-amz-decoded-content-length.');
  }
  return new AwsChunkedDecoder(signatures);
}
