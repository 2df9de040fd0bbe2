import { SaxesParser } from 'saxes';

/** One object a DeleteObjects document names: its key exactly as sent, and what it names it by besides. */
export interface DeleteTarget {
  key: string;
  /** Another version than the live object (anything but `null`) names nothing this emulator keeps. */
  versionId?: string;
  /** Conditions on the live object (S3's conditional deletes): its ETag, size, last modified time. */
  etag?: string;
  size?: string;
  lastModifiedTime?: string;
}

/** What a DeleteObjects document asks: the objects, and whether to answer quietly. */
export interface DeleteRequest {
  objects: DeleteTarget[];
  quiet: boolean;
}

/** The elements of an `<Object>` besides `<Key>`, by the field they fill. */
const OBJECT_FIELDS: Record<string, keyof Omit<DeleteTarget, 'key'>> = {
  VersionId: 'versionId',
  ETag: 'etag',
  Size: 'size',
  LastModifiedTime: 'lastModifiedTime',
};

/**
 * A `<Delete>` document read as S3 reads it: each `<Key>`'s text whole (spaces at either end are
 * part of the key) with its character references decoded (botocore sends a key's CR and LF as
 * `&#xD;` and `&#xA;`). Undefined when it is not well-formed, not a Delete, or an Object has no Key.
 */
export function readDeleteRequest(xml: string): DeleteRequest | undefined {
  const parser = new SaxesParser();
  const path: string[] = [];
  const objects: DeleteTarget[] = [];
  let root: string | undefined;
  let quiet = '';
  let text = '';
  let keyOfObject: string | undefined;
  let fields: Omit<DeleteTarget, 'key'> = {};
  let everyObjectHasKey = true;
  // saxes keeps one handler per event: each is set once.
  parser.on('opentag', (tag) => {
    path.push(tag.name.slice(tag.name.indexOf(':') + 1));
    root ??= path[0];
    text = '';
    if (path.length === 2 && path[1] === 'Object') {
      keyOfObject = undefined;
      fields = {};
    }
  });
  const collect = (t: string) => {
    text += t;
  };
  parser.on('text', collect);
  parser.on('cdata', collect);
  parser.on('closetag', () => {
    const name = path.at(-1);
    if (path.length === 3 && path[1] === 'Object' && name === 'Key') keyOfObject = text;
    else if (path.length === 3 && path[1] === 'Object' && OBJECT_FIELDS[name!]) fields[OBJECT_FIELDS[name!]!] = text.trim();
    else if (path.length === 2 && name === 'Object') {
      if (keyOfObject === undefined) everyObjectHasKey = false;
      else objects.push({ key: keyOfObject, ...fields });
    } else if (path.length === 2 && name === 'Quiet') quiet = text.trim();
    path.pop();
    text = '';
  });
  try {
    parser.write(xml).close();
  } catch {
    return undefined;
  }
  if (root !== 'Delete' || !everyObjectHasKey) return undefined;
  return { objects, quiet: quiet.toLowerCase() === 'true' };
}
