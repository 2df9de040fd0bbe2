import { compositeChecksum } from '../../../checksum/stored-checksum.js';
import { crc32cToBase64 } from '../../../checksum/crc32c-combine.js';
import { checksumHeaderName, type StoredChecksum } from '../../checksums/checksum-algorithm.js';
import { multipartChecksum } from '../../checksums/multipart-checksum.js';
import { EmulatorError } from '../../store/emulator-error.js';
import type { MultipartUpload, StoredObject, StoredPart } from '../../store/multipart-store.js';
import { readText, xml, type Answer } from '../answer.js';
import type { Exchange } from '../handler-context.js';
import { headerOf, type EmulatorRequest, type EmulatorResponse } from '../request-header.js';
import type { StoreProfile } from '../store-profile.js';
import { completeResultXml } from './multipart-answers-xml.js';
import { parseCompleteBody } from './parse-complete-body.js';
import { writeConditionOf } from './write-condition.js';

/** CompleteMultipartUpload: the parts joined, the object's checksum computed and checked, reported as the profile's store reports it. */
export async function completeUpload(ex: Exchange): Promise<Answer> {
  const { ctx, req, res, record, query, fault } = ex;
  const upload = ctx.store.upload(record.bucket, record.key, query.get('uploadId') ?? '');
  const parts = parseCompleteBody(await readText(req, ex.payload));
  const hold = fault?.kind === 'slow-answer' ? fault : ctx.profile.slowComplete;
  if (hold) await holdAnswer(res, hold);
  if (!parts)
    throw new EmulatorError(
      400,
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema.',
    );
  const refusal = ctx.profile.refuseCompletePartChecksums;
  if (refusal && parts.some((p) => Object.keys(p.checksums).length > 0))
    throw new EmulatorError(refusal.status, refusal.code, refusal.message);
  let chosen: readonly StoredPart[] = [];
  const object = await ctx.store.complete(upload, parts, writeConditionOf(req), async (named) => {
    chosen = named;
    checkObjectSize(req, named);
    return sealedChecksum(req, upload, named, ctx.profile.ignoresChecksumType === true);
  });
  const etag = ctx.profile.emptyCompleteEtag ? '' : object.etag;
  return xml(
    200,
    completeResultXml(`/${record.bucket}/${record.key}`, record.bucket, record.key, etag, reported(ctx.profile, object, chosen)),
  );
}

/**
 * The object's checksum in the upload's algorithm, and the client's claim of it (a Complete header)
 * held to it, unless the store predates whole-object checksums and takes no notice of the claim.
 */
async function sealedChecksum(
  req: EmulatorRequest,
  upload: MultipartUpload,
  parts: readonly StoredPart[],
  ignoresClaim: boolean,
): Promise<StoredChecksum | undefined> {
  if (!upload.checksumAlgorithm) return undefined;
  const checksum = await multipartChecksum(upload.checksumAlgorithm, upload.checksumType ?? 'COMPOSITE', parts);
  const claimed = ignoresClaim ? undefined : headerOf(req, checksumHeaderName(upload.checksumAlgorithm));
  if (checksum && claimed !== undefined && claimed.replace(/-\d+$/, '') !== checksum.value.replace(/-\d+$/, '')) {
    throw new EmulatorError(400, 'BadDigest', `The ${upload.checksumAlgorithm} you specified did not match the calculated checksum.`);
  }
  return checksum;
}

/** What the Complete answer says of the checksum: the chosen algorithm's, or (none chosen) the CRC32C in the profile's form. */
function reported(profile: StoreProfile, object: StoredObject, parts: readonly StoredPart[]) {
  if (profile.completeChecksum === 'none') return undefined;
  if (object.checksum) return object.checksum;
  const value =
    profile.completeChecksum === 'composite'
      ? `${compositeChecksum(parts.map((p) => ({ crc32c: p.blob.crc32c, length: p.blob.size })))}-${parts.length}`
      : crc32cToBase64(object.blob.crc32c);
  return { algorithm: 'CRC32C' as const, value };
}

/** The `slow-answer` fault, acted out on a Complete whose request has been read: the store is assembling. */
async function holdAnswer(res: EmulatorResponse, fault: { seconds: number; whitespace?: boolean }): Promise<void> {
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

/** x-amz-mp-object-size: the size the client expects the object to have; another is 400, and nothing is made. */
function checkObjectSize(req: EmulatorRequest, parts: readonly StoredPart[]): void {
  const expected = headerOf(req, 'x-amz-mp-object-size')?.trim();
  if (expected === undefined) return;
  const size = parts.reduce((n, p) => n + p.blob.size, 0);
  if (expected !== String(size)) {
    throw new EmulatorError(
      400,
      'InvalidRequest',
      `The provided 'x-amz-mp-object-size' header value ${expected} does not match what was computed: ${size}`,
    );
  }
}
