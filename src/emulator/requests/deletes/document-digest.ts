import { createHash } from 'node:crypto';
import { EmulatorError } from '../../store/emulator-error.js';
import { createHasher } from '../../checksums/create-hasher.js';
import type { EmulatorRequest } from '../request-header.js';
import { checkDigestForm, checksumClaimOf } from '../writes/checksum-claim.js';
import { contentMd5Of } from '../writes/receive-body.js';

/**
 * A document S3 takes only with an integrity check (DeleteObjects): its Content-MD5, or since 2025
 * an `x-amz-checksum-*` header in any algorithm the SDKs send, checked against its bytes.
 */
export async function checkDocumentDigest(req: EmulatorRequest, body: Buffer): Promise<void> {
  const md5 = contentMd5Of(req);
  const claim = checksumClaimOf(req, false);
  if (md5 === undefined && claim?.value === undefined) {
    throw new EmulatorError(400, 'InvalidRequest', 'Missing required header for this request: Content-MD5');
  }
  if (md5 !== undefined && !md5.equals(createHash('md5').update(body).digest())) {
    throw new EmulatorError(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
  }
  if (claim?.value !== undefined) {
    checkDigestForm(claim.algorithm, claim.value);
    const hasher = await createHasher(claim.algorithm);
    hasher.update(body);
    if ((await hasher.digest()).toString('base64') !== claim.value) {
      throw new EmulatorError(400, 'BadDigest', `The ${claim.algorithm} you specified did not match the calculated checksum.`);
    }
  }
}
