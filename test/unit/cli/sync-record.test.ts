import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sameStamp } from '../../../src/cli/tree/file-stamp.js';
import { bareEtag, SyncRecord, type RecordedFile } from '../../../src/cli/tree/sync-record.js';
import { makeTempDir } from '../../helpers/files.js';

const temp = makeTempDir();
afterAll(() => temp.remove());

const file: RecordedFile = {
  size: 5,
  mtimeNs: '1733400000123456789',
  ctimeNs: '1733400000223456789',
  ino: '42',
  crc32c: 'yZRlqg==',
  etag: '"abc"',
};

describe('SyncRecord', () => {
  it('lives under XDG_STATE_HOME, one file per directory, prefix and endpoint', () => {
    const a = SyncRecord.pathFor('/src/build', 's3://b/p/', undefined, { XDG_STATE_HOME: '/state' });
    expect(a).toMatch(/^\/state\/partpush\/sync\/[0-9a-f]{20}\.jsonl$/);
    expect(SyncRecord.pathFor('/src/build', 's3://b/q/', undefined, { XDG_STATE_HOME: '/state' })).not.toBe(a);
    expect(SyncRecord.pathFor('/src/build', 's3://b/p/', 'http://127.0.0.1:9000', { XDG_STATE_HOME: '/state' })).not.toBe(a);
  });

  it('reads back what it saved, ETags bare; nanosecond stamps compare exactly', () => {
    const path = join(temp.dir, 'state', 'round.jsonl');
    SyncRecord.save(path, new Map([['s3://b/p/f', file]]));
    const back = SyncRecord.load(path).get('s3://b/p/f')!;
    expect(back).toEqual({ ...file, etag: 'abc' });
    expect(sameStamp(back, file)).toBe(true);
    expect(sameStamp(back, { ...file, ctimeNs: '1733400000223456790' })).toBe(false);
    expect(bareEtag('W/"x"')).toBe('x');
  });

  it('a record that cannot be saved leaves no temporary file beside it', () => {
    const dir = join(temp.dir, 'blocked');
    const path = join(dir, 'record.jsonl');
    mkdirSync(path, { recursive: true }); // a directory where the record goes: the rename fails
    expect(() => SyncRecord.save(path, new Map([['s3://b/p/f', file]]))).toThrow();
    expect(readdirSync(dir)).toEqual(['record.jsonl']);
  });

  it('a missing, damaged or foreign record is an empty one: it only costs a full local pass', () => {
    expect(SyncRecord.load(join(temp.dir, 'none.jsonl')).get('s3://b/p/f')).toBeUndefined();
    const damaged = join(temp.dir, 'damaged.jsonl');
    writeFileSync(damaged, '{"version":1}\n["s3://b/p/f",5,"1"\n');
    expect(SyncRecord.load(damaged).get('s3://b/p/f')).toBeUndefined();
    const foreign = join(temp.dir, 'foreign.jsonl');
    writeFileSync(foreign, `{"version":99}\n${JSON.stringify(['s3://b/p/f', 5, '1', '2', '3', 'x', 'y'])}\n`);
    expect(SyncRecord.load(foreign).get('s3://b/p/f')).toBeUndefined();
  });

  it('starts the listing’s ranges a page apart in the stores’ order (UTF-8 bytes), not JavaScript’s', () => {
    const path = join(temp.dir, 'state', 'ranges.jsonl');
    // U+FF08 sorts after an emoji by UTF-16 units, before it by UTF-8 bytes, as S3 lists them.
    const keys = ['b/\uFF08x', 'b/\u{1F600}x', 'a/x', 'c/x', 'b/y'];
    SyncRecord.save(path, new Map(keys.map((key) => [`s3://b/p/${key}`, file])));
    const starts = SyncRecord.load(path).rangeStarts(1);
    expect(starts).toEqual(['a/x', 'b/y', 'b/\uFF08x', 'b/\u{1F600}x'].map((key) => `s3://b/p/${key}`));
  });
});
