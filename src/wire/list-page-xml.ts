import { SaxesParser } from 'saxes';
import type { ListedObject, ListedPage } from './list-objects.js';

/**
 * A ListBucketResult page read as it streams past (saxes), keeping only what `sync` and
 * `--no-clobber` use: each object's key, size and ETag, and where the next page starts. A page of
 * 1,000 keys is 290 KB of XML; building the whole tree (fast-xml-parser) cost 24 ms of main thread
 * per page against 2 ms here (bench/README.md), and a 100,000-file sync reads a hundred pages.
 * Keys are kept exactly as sent (no trimming: a key may begin or end with spaces); undefined when
 * the document is not a ListBucketResult or not well-formed XML.
 */
export function readListPage(xml: string): ListedPage | undefined {
  const parser = new SaxesParser();
  const path: string[] = [];
  const objects: ListedObject[] = [];
  const top = new Map<string, string>();
  let current: Partial<Record<'Key' | 'Size' | 'ETag', string>> = {};
  let textOf = '';
  const collect = (text: string) => {
    textOf += text;
  };
  let root: string | undefined;
  // saxes keeps one handler per event: each is set once.
  parser.on('opentag', (tag) => {
    path.push(localName(tag.name));
    root ??= path[0];
    textOf = '';
    if (path.length === 2 && path[1] === 'Contents') current = {};
  });
  parser.on('text', collect);
  parser.on('cdata', collect);
  parser.on('closetag', () => {
    const name = path.at(-1)!;
    if (path.length === 3 && path[1] === 'Contents' && (name === 'Key' || name === 'Size' || name === 'ETag')) current[name] = textOf;
    else if (path.length === 2 && name === 'Contents') {
      objects.push({ key: current.Key ?? '', size: Number(current.Size?.trim() ?? Number.NaN), etag: current.ETag?.trim() ?? '' });
    } else if (path.length === 2) top.set(name, textOf.trim());
    path.pop();
    textOf = '';
  });
  try {
    parser.write(xml).close();
  } catch {
    return undefined;
  }
  if (root !== 'ListBucketResult') return undefined;
  if (top.get('IsTruncated') !== 'true') return { objects };
  const token = top.get('NextContinuationToken');
  if (token) return { objects, next: { token } };
  const last = top.get('NextMarker') ?? objects.at(-1)?.key;
  return { objects, next: last === undefined ? undefined : { startAfter: last } };
}

/** `s3:Key` and `Key` alike: a store may prefix its namespace. */
function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}
