import { MAX_OBJECT_SIZE, MAX_PART_SIZE } from '../../../core/plan-parts.js';
import type { Answer } from '../answer.js';
import { checksumHeadersOf } from '../checksum-headers.js';
import type { Exchange } from '../handler-context.js';
import { EmulatorError } from '../../store/emulator-error.js';
import { isGcsDialect } from '../request-header.js';
import { objectAttributesOf } from './object-attributes-of.js';
import { receiveBody } from './receive-body.js';
import { refuseChecksumForms } from './checksum-refusal.js';
import { writeConditionOf } from './write-condition.js';

/** PutObject: the body kept under the key, with the checksum the client chose (FULL_OBJECT, as S3 keeps a single PUT's). */
export async function putObject(ex: Exchange): Promise<Answer> {
  const { ctx, req, record } = ex;
  // Checked before the body is read too, as the stores do, so a refused write costs no upload.
  const condition = writeConditionOf(req);
  condition(ctx.store.objects(record.bucket).get(record.key));
  const attributes = objectAttributesOf(req);
  refuseChecksumForms(ctx.profile, req);
  // GCS takes a single PUT of up to 5 TiB; S3 5 GiB, as for a part.
  const { blob, checksums, claim, md5 } = await receiveBody(ex, undefined, isGcsDialect(req) ? MAX_OBJECT_SIZE : MAX_PART_SIZE);
  const chosen = claim && { algorithm: claim.algorithm, type: 'FULL_OBJECT' as const, value: checksums[claim.algorithm]! };
  const received = checksumHeadersOf(blob, ctx.profile, chosen);
  if (ex.fault?.kind === 'corrupt') blob.corrupt();
  const object = await ctx.store.putObject(record.bucket, record.key, blob, attributes, condition, chosen, md5);
  return { status: 200, headers: { etag: object.etag, 'x-goog-generation': String(object.generation), ...received } };
}

/** UploadPart: the part's digests kept for Complete (in the upload's algorithm too, whatever the part claimed). */
export async function uploadPart(ex: Exchange): Promise<Answer> {
  const { ctx, req, record, query } = ex;
  const upload = ctx.store.upload(record.bucket, record.key, query.get('uploadId') ?? '');
  refuseChecksumForms(ctx.profile, req);
  const { blob, checksums, claim, md5 } = await receiveBody(ex, upload.checksumAlgorithm);
  const algorithm = upload.checksumAlgorithm;
  if (algorithm && claim && claim.algorithm !== algorithm) {
    await blob.remove();
    throw new EmulatorError(
      400,
      'InvalidRequest',
      `Checksum Type mismatch occurred, expected checksum Type: ${algorithm.toLowerCase()}, actual checksum Type: ${claim.algorithm.toLowerCase()}`,
    );
  }
  const chosen = claim && { algorithm: claim.algorithm, type: 'COMPOSITE' as const, value: checksums[claim.algorithm]! };
  const received = checksumHeadersOf(blob, ctx.profile, chosen);
  delete received['x-amz-checksum-type'];
  if (ex.fault?.kind === 'corrupt') blob.corrupt();
  const part = await ctx.store.putPart(upload, record.partNumber!, blob, checksums, md5);
  return { status: 200, headers: { etag: part.etag, ...received } };
}
