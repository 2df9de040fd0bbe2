import { escapeXml } from '../../../wire/multipart-xml.js';
import { checkDocumentDigest } from './document-digest.js';
import { readDeleteRequest, type DeleteTarget } from './delete-request-xml.js';
import type { WriteCondition } from '../../store/multipart-store.js';
import { EmulatorError } from '../../store/emulator-error.js';
import { readBody, xml, type Answer } from '../answer.js';
import type { Exchange } from '../handler-context.js';
import { failed, identityMismatch, writeConditionOf } from '../writes/write-condition.js';
import { isGcsDialect } from '../request-header.js';
import { isVersionNamed, namesOtherVersion, noSuchVersion } from '../reads/version-selector.js';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
/** S3 takes at most 1,000 keys per DeleteObjects. */
const MAX_KEYS = 1000;

/**
 * DeleteObject: 204 whether or not the key existed, as S3 answers, where GCS's XML API answers 404
 * NoSuchKey for a missing one; If-Match and GCS's generation match may refuse it (412).
 */
export async function deleteObject(ex: Exchange): Promise<Answer> {
  const { ctx, req, record, query } = ex;
  if (isGcsDialect(req)) ctx.store.getObject(record.bucket, record.key);
  if (!isVersionNamed(query, ctx.store.objects(record.bucket).get(record.key))) {
    // Another version than the live object: S3 has none to delete (204), GCS answers 404.
    if (query.has('generation')) throw noSuchVersion(query);
    return { status: 204 };
  }
  await ctx.store.deleteObject(record.bucket, record.key, writeConditionOf(req, true));
  return { status: 204 };
}

export async function abortUpload(ex: Exchange): Promise<Answer> {
  const { ctx, record, query } = ex;
  const upload = ctx.store.upload(record.bucket, record.key, query.get('uploadId') ?? '');
  if (ex.fault?.kind !== 'pretend') await ctx.store.abort(upload);
  return { status: 204 };
}

/**
 * DeleteObjects (POST ?delete): each key deleted or its own <Error>; quiet mode reports only the
 * errors. What `aws s3 rm --recursive` and the SDKs' cleanups send. As at S3: the bucket must
 * exist (404 for the whole request), and the document must come with its Content-MD5 or an
 * `x-amz-checksum-*` header, which must match it.
 */
export async function deleteObjects(ex: Exchange): Promise<Answer> {
  const { ctx, req, record } = ex;
  ctx.store.objects(record.bucket);
  const body = await readBody(req, ex.payload);
  await checkDocumentDigest(req, body);
  const request = readDeleteRequest(body.toString('utf8'));
  if (!request || request.objects.length === 0 || request.objects.length > MAX_KEYS) {
    throw new EmulatorError(
      400,
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema.',
    );
  }
  const results: string[] = [];
  for (const target of request.objects) {
    const { key } = target;
    try {
      // Another version than the live object: none here to delete, which S3 reports deleted too.
      if (!namesOtherVersion(target.versionId ?? null)) await ctx.store.deleteObject(record.bucket, key, objectCondition(target));
      const version = target.versionId === undefined ? '' : `<VersionId>${escapeXml(target.versionId)}</VersionId>`;
      if (!request.quiet) results.push(`<Deleted><Key>${escapeXml(key)}</Key>${version}</Deleted>`);
    } catch (error) {
      const failure = error instanceof EmulatorError ? error : new EmulatorError(500, 'InternalError', String(error));
      results.push(
        `<Error><Key>${escapeXml(key)}</Key><Code>${failure.code}</Code><Message>${escapeXml(failure.message)}</Message></Error>`,
      );
    }
  }
  return xml(200, `${HEAD}<DeleteResult ${NS}>${results.join('')}</DeleteResult>`);
}

/** A DeleteObjects entry's conditions on the live object: a missing one is NoSuchKey, a mismatch PreconditionFailed. */
function objectCondition({ etag, size, lastModifiedTime }: DeleteTarget): WriteCondition {
  return (current) => {
    if (etag === undefined && size === undefined && lastModifiedTime === undefined) return;
    if (!current) throw new EmulatorError(404, 'NoSuchKey', 'The specified key does not exist.');
    const unlike = identityMismatch(current, { etag, size, modifiedAt: lastModifiedTime });
    if (unlike) throw failed(unlike === 'modifiedAt' ? 'LastModifiedTime' : unlike === 'etag' ? 'ETag' : 'Size');
  };
}
