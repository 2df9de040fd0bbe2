import { checksumAlgorithmNamed, type ChecksumAlgorithm, type ChecksumType } from '../../checksums/checksum-algorithm.js';
import { EmulatorError } from '../../store/emulator-error.js';
import { drain, xml, type Answer } from '../answer.js';
import type { Exchange } from '../handler-context.js';
import { headerOf, type EmulatorRequest } from '../request-header.js';
import { refuseChecksumHeaders } from './checksum-refusal.js';
import { initiateResultXml } from './multipart-answers-xml.js';
import { objectAttributesOf } from './object-attributes-of.js';

/** CreateMultipartUpload, with the checksum algorithm and type the object will carry. */
export async function initiateUpload(ex: Exchange): Promise<Answer> {
  const { ctx, req, record } = ex;
  await drain(req);
  refuseChecksumHeaders(ctx.profile, req);
  const checksum = ctx.profile.ignoresChecksumAlgorithm ? undefined : declaredChecksum(req, ctx.profile.ignoresChecksumType === true);
  const upload = ctx.store.initiate(record.bucket, record.key, objectAttributesOf(req), checksum);
  return xml(200, initiateResultXml(record.bucket, record.key, upload.id, checksum));
}

/**
 * x-amz-checksum-algorithm and x-amz-checksum-type as S3 takes them: CRC64NVME is full-object
 * only, the SHAs composite only, the CRC32s either (composite by default). A store that predates
 * the type takes no notice of it.
 */
function declaredChecksum(req: EmulatorRequest, ignoresType: boolean): { algorithm: ChecksumAlgorithm; type: ChecksumType } | undefined {
  const named = headerOf(req, 'x-amz-checksum-algorithm');
  const typeNamed = ignoresType ? undefined : headerOf(req, 'x-amz-checksum-type')?.toUpperCase();
  if (named === undefined) {
    if (typeNamed !== undefined)
      throw new EmulatorError(
        400,
        'InvalidRequest',
        'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.',
      );
    return undefined;
  }
  const algorithm = checksumAlgorithmNamed(named);
  if (!algorithm)
    throw new EmulatorError(
      400,
      'InvalidRequest',
      `Checksum algorithm ${named} is not supported: use CRC32, CRC32C, CRC64NVME, SHA1 or SHA256.`,
    );
  if (typeNamed !== undefined && typeNamed !== 'COMPOSITE' && typeNamed !== 'FULL_OBJECT')
    throw new EmulatorError(400, 'InvalidRequest', 'Value for x-amz-checksum-type header is invalid.');
  const type: ChecksumType = typeNamed ?? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE');
  const fullOnly = algorithm === 'CRC64NVME';
  const compositeOnly = algorithm === 'SHA1' || algorithm === 'SHA256';
  if ((fullOnly && type === 'COMPOSITE') || (compositeOnly && type === 'FULL_OBJECT')) {
    throw new EmulatorError(
      400,
      'InvalidRequest',
      `The ${type} checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`,
    );
  }
  return { algorithm, type };
}
