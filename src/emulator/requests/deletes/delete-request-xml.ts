import { SaxesParser } from 'saxes';

/** What a DeleteObjects document asks: the keys, exactly as sent, and whether to answer quietly. */
export interface DeleteRequest {
  keys: string[];
  quiet: boolean;
}

/**
 * A `<Delete>` document read as S3 reads it: each `<Key>`'s text whole (spaces at either end are
 * part of the key) with its character references decoded (botocore sends a key's CR and LF as
 * `&#xD;` and `&#xA;`). Undefined when it is not well-formed, not a Delete, or an Object has no Key.
 */
export function readDeleteRequest(xml: string): DeleteRequest | undefined {
  const parser = new SaxesParser();
  const path: string[] = [];
  const keys: string[] = [];
  let root: string | undefined;
  let quiet = '';
  let text = '';
  let keyOfObject: string | undefined;
  let everyObjectHasKey = true;
  // saxes keeps one handler per event: each is set once.
  parser.on('opentag', (tag) => {
    path.push(tag.name.slice(tag.name.indexOf(':') + 1));
    root ??= path[0];
    text = '';
    if (path.length === 2 && path[1] === 'Object') keyOfObject = undefined;
  });
  const collect = (t: string) => {
    text += t;
  };
  parser.on('text', collect);
  parser.on('cdata', collect);
  parser.on('closetag', () => {
    const name = path.at(-1);
    if (path.length === 3 && path[1] === 'Object' && name === 'Key') keyOfObject = text;
    else if (path.length === 2 && name === 'Object') {
      if (keyOfObject === undefined) everyObjectHasKey = false;
      else keys.push(keyOfObject);
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
  return { keys, quiet: quiet.toLowerCase() === 'true' };
}
