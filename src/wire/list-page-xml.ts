import { SaxesParser } from 'saxes';
import type { ListedObject, ListedPage } from './list-objects.js';

/**
 * A ListBucketResult page read as it streams past (saxes), keeping only what `sync` and
 * `--no-clobber` use: each object's key, size and ETag, and where the next page starts. A page of
 * 1,000 keys is 290 KB of XML; building the whole tree (fast-xml-parser) cost 24 ms of main thread
 * per page against 2 ms here (bench/README.md), and a 100,000-file sync reads a hundred pages.
 * Keys are kept exactly as sent (no trimming: a key may begin or end with spaces) and decoded when
 * the page is URL-encoded; undefined when the document is not a ListBucketResult, not well-formed
 * XML, or holds an escape that does not decode.
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
  // Only a page that says it is encoded is decoded: a store that ignored `encoding-type=url` sent
  // its keys as they are, and decoding them would turn a `%41` or `+` in a key into another key.
  const decode = top.get('EncodingType') === 'url' ? decodeUrlEncoded : (text: string) => text;
  try {
    for (const object of objects) object.key = decode(object.key);
    if (top.get('IsTruncated') !== 'true') return { objects };
    const token = top.get('NextContinuationToken');
    if (token) return { objects, next: { token } };
    const marker = top.get('NextMarker');
    const last = marker === undefined ? objects.at(-1)?.key : decode(marker);
    return { objects, next: last === undefined ? undefined : { startAfter: last } };
  } catch {
    return undefined;
  }
}

/**
 * A key as S3 encodes it under `encoding-type=url`: `+` for a space, `%XX` for the rest, decoded as
 * botocore's `unquote_plus` does (a literal `+` in a key comes as `%2B`). Throws on a broken escape.
 */
function decodeUrlEncoded(text: string): string {
  return decodeURIComponent(text.replaceAll('+', ' '));
}

/** `s3:Key` and `Key` alike: a store may prefix its namespace. */
function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}
