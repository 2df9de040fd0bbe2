import { child, children, escapeXml, parseXml, text } from '../../../wire/multipart-xml.js';
import { EmulatorError } from '../../store/emulator-error.js';
import { readText, xml, type Answer } from '../answer.js';
import type { Exchange } from '../handler-context.js';
import { writeConditionOf } from '../writes/write-condition.js';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
/** S3 takes at most 1,000 keys per DeleteObjects. */
const MAX_KEYS = 1000;

/** DeleteObject: 204 whether or not the key existed, as S3 answers; If-Match and GCS's generation match may refuse it (412). */
export async function deleteObject(ex: Exchange): Promise<Answer> {
  const { ctx, req, record } = ex;
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
 * errors. What `aws s3 rm --recursive` and the SDKs' cleanups send.
 */
export async function deleteObjects(ex: Exchange): Promise<Answer> {
  const { ctx, req, record } = ex;
  const root = child(parseXml(await readText(req, ex.payload)), 'Delete');
  const keys = children(root, 'Object').map((o) => text(o.Key));
  if (!root || keys.length === 0 || keys.length > MAX_KEYS || keys.some((k) => k === undefined)) {
    throw new EmulatorError(
      400,
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema.',
    );
  }
  const quiet = text(root.Quiet)?.toLowerCase() === 'true';
  const results: string[] = [];
  for (const key of keys as string[]) {
    try {
      await ctx.store.deleteObject(record.bucket, key);
      if (!quiet) results.push(`<Deleted><Key>${escapeXml(key)}</Key></Deleted>`);
    } catch (error) {
      const failure = error instanceof EmulatorError ? error : new EmulatorError(500, 'InternalError', String(error));
      results.push(
        `<Error><Key>${escapeXml(key)}</Key><Code>${failure.code}</Code><Message>${escapeXml(failure.message)}</Message></Error>`,
      );
    }
  }
  return xml(200, `${HEAD}<DeleteResult ${NS}>${results.join('')}</DeleteResult>`);
}
