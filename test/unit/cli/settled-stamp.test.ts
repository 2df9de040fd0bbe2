import { afterAll, describe, expect, it } from 'vitest';
import type { Transfer } from '../../../src/cli/cp/plan-transfers.js';
import { settledStamp, type FileStamp } from '../../../src/cli/tree/file-stamp.js';
import { prepareSync } from '../../../src/cli/tree/sync-look.js';
import { SyncRecord } from '../../../src/cli/tree/sync-record.js';
import type { Uploader } from '../../../src/create-uploader.js';
import type { StoredObject, StoreReads } from '../../../src/store-reads.js';
import { makeTempDir } from '../../helpers/files.js';

const temp = makeTempDir();
afterAll(() => temp.remove());

const walkStartedMs = 1_765_000_000_000;
const ns = (ms: number, extraNs = 0) => String(BigInt(ms) * 1_000_000n + BigInt(extraNs));
const stamp = (ctimeNs: string): FileStamp => ({ size: 3, mtimeNs: ns(walkStartedMs - 86_400_000), ctimeNs, ino: '7' });

describe('a stamp that can vouch for the bytes read after it', () => {
  it('is one changed more than two kernel ticks before the walk began; not one changed in the last 100 ms', () => {
    expect(settledStamp(stamp(ns(walkStartedMs - 5_000, 123)), walkStartedMs)).toBe(true);
    expect(settledStamp(stamp(ns(walkStartedMs - 150, 7)), walkStartedMs)).toBe(true);
    expect(settledStamp(stamp(ns(walkStartedMs - 50, 7)), walkStartedMs)).toBe(false);
    expect(settledStamp(stamp(ns(walkStartedMs + 20, 7)), walkStartedMs)).toBe(false);
  });

  it('from a file system with whole-second times, one changed more than two seconds before', () => {
    const second = Math.floor(walkStartedMs / 1000) * 1000;
    expect(settledStamp(stamp(ns(second - 1000)), walkStartedMs)).toBe(false);
    expect(settledStamp(stamp(ns(second - 3000)), walkStartedMs)).toBe(true);
  });
});

describe("sync's record", () => {
  it('leaves out the files changed just before the walk saw them, so the next sync reads them again', async () => {
    const old: Transfer = {
      source: '/t/old',
      destination: 's3://b/p/old',
      size: 3,
      relative: 'old',
      stamp: stamp(ns(walkStartedMs - 60_000, 1)),
    };
    const racy: Transfer = {
      source: '/t/racy',
      destination: 's3://b/p/racy',
      size: 3,
      relative: 'racy',
      stamp: stamp(ns(walkStartedMs - 3, 1)),
    };
    const listed = [old, racy].map(
      (t): StoredObject => ({ key: t.relative, destination: t.destination, size: 3, etag: `"${t.relative}"` }),
    );
    async function* listing() {
      yield listed;
    }
    const reads: StoreReads = {
      list: listing,
      stat: async () => ({ size: 3, etag: 'x', crc32c: 'AAAAAA==' }),
    };
    const uploader = { fileCrc32c: async () => 'AAAAAA==' } as unknown as Uploader;
    const env = { XDG_STATE_HOME: temp.dir };
    const where = { directory: '/t', prefix: 's3://b/p/', env, walkStartedMs };
    const look = await prepareSync(uploader, where).look(reads, listing(), [old, racy]);
    // Both unchanged (equal CRC32C), neither sent; only the settled one is recorded.
    expect(look.selection.send).toEqual([]);
    expect(look.record([])).toBeUndefined();
    const record = SyncRecord.load(SyncRecord.pathFor('/t', 's3://b/p/', undefined, env));
    expect(record.get(old.destination)).toMatchObject({ crc32c: 'AAAAAA==', etag: 'old' });
    expect(record.get(racy.destination)).toBeUndefined();
  });
});
