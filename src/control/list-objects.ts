import { listObjectsRequest, type ListedObject, type ListedPage } from '../wire/list-objects.js';
import { readListPage } from '../wire/list-page-xml.js';
import { call, documentOf, type StoreContext } from './multipart-calls.js';

/**
 * The objects under `prefix` (those after `startAfter` only, when given), a page (up to 1,000
 * keys) at a time, in key order: the caller holds one page at once, so a 100,000-key prefix costs
 * a hundred requests and a page of memory.
 */
export async function* listObjects(ctx: StoreContext, prefix: string, startAfter?: string): AsyncGenerator<ListedObject[]> {
  const what = `listing the objects under "${prefix}"`;
  let next: ListedPage['next'] = startAfter === undefined ? undefined : { startAfter };
  do {
    const page = await call(
      ctx,
      what,
      () => listObjectsRequest(ctx.target, prefix, next),
      (response) => documentOf(what, 'ListBucketResult', response, readListPage),
      { signal: ctx.signal },
    );
    yield page.objects;
    next = page.next;
  } while (next);
}
