import { EmulatorError } from '../../store/emulator-error.js';
import { xml, type Answer } from '../answer.js';
import type { Exchange } from '../handler-context.js';
import { isGcsDialect } from '../request-header.js';
import { listObjectsXml } from './list-objects-xml.js';
import { pageKeys } from './page-keys.js';

/**
 * ListObjectsV2 (list-type=2: continuation tokens, start-after, fetch-owner) and ListObjects v1
 * (markers, as older clients and the GCS XML API page), with prefix, delimiter, max-keys from 0 to
 * 1,000 and encoding-type=url.
 */
export async function listObjects(ex: Exchange): Promise<Answer> {
  const { ctx, record, query } = ex;
  const objects = ctx.store.objects(record.bucket);
  const v2 = query.get('list-type') === '2';
  const maxKeys = maxKeysOf(query.get('max-keys'));
  const encoding = query.get('encoding-type');
  if (encoding !== null && encoding !== 'url')
    throw new EmulatorError(400, 'InvalidArgument', 'Invalid Encoding Method specified in Request');
  const token = query.get('continuation-token');
  const after = v2 ? (token !== null ? tokenKey(token) : (query.get('start-after') ?? '')) : (query.get('marker') ?? '');
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const page = pageKeys(ctx.store.sortedKeys(record.bucket), prefix, delimiter, after, maxKeys);
  const body = listObjectsXml({
    bucket: record.bucket,
    query,
    v2,
    gcs: isGcsDialect(ex.req),
    maxKeys,
    page,
    objects,
    nextToken: page.truncated && page.last !== undefined ? Buffer.from(page.last, 'utf8').toString('base64url') : undefined,
  });
  return xml(200, body);
}

/** max-keys (or max-uploads): 0 to 1,000, larger asks clipped to 1,000; what is not a number is refused. */
/** A part-number marker (ListParts, GetObjectAttributes): absent 0, else a whole number, or 400. */
export function markerOf(text: string | null | undefined, name: string): number {
  if (text === null || text === undefined) return 0;
  if (!/^\d+$/.test(text)) throw new EmulatorError(400, 'InvalidArgument', `Provided ${name} not an integer or within integer range`);
  return Number(text);
}

export function maxKeysOf(text: string | null | undefined, name = 'max-keys'): number {
  if (text === null || text === undefined) return 1000;
  if (!/^\d+$/.test(text)) throw new EmulatorError(400, 'InvalidArgument', `Provided ${name} not an integer or within integer range`);
  return Math.min(Number(text), 1000);
}

/** Continuation tokens are opaque to clients; here, the last key or prefix of the page before, in base64url. */
function tokenKey(token: string): string {
  const key = Buffer.from(token, 'base64url').toString('utf8');
  if (token === '' || Buffer.from(key, 'utf8').toString('base64url') !== token)
    throw new EmulatorError(400, 'InvalidArgument', 'The continuation token provided is incorrect');
  return key;
}
