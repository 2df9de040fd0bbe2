import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUploader, startEmulator } from '../../dist/src/index.js';
import type { Emulator } from '../../dist/src/emulator/index.js';

/**
 * Listings past 1,000 keys (issue 29: `-n` and `sync` read the destination a page at a time, so a
 * 100,000-file tree costs a hundred requests and one page of memory). The emulator's pagination,
 * in both dialects: every key once, in order, in pages of at most 1,000, one request per page.
 */
const KEYS = 2_345;
let emu: Emulator;
const keys = Array.from({ length: KEYS }, (_, i) => `many/k${String(i).padStart(5, '0')}`);

beforeAll(async () => {
  emu = await startEmulator({ buckets: ['bkt'] });
  let next = 0;
  const put = async () => {
    while (next < keys.length) {
      const key = keys[next++]!;
      const answer = await fetch(`${emu.url}/bkt/${key}`, {
        method: 'PUT',
        body: key,
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(answer.status).toBe(200);
    }
  };
  await Promise.all(Array.from({ length: 16 }, put));
  // A key beside the prefix, which the listing must leave out.
  await fetch(`${emu.url}/bkt/manyother`, { method: 'PUT', body: 'x', headers: { 'content-type': 'application/octet-stream' } });
});
afterAll(async () => {
  await emu?.close();
});

describe('listing', () => {
  it.each(['s3', 'gs'])('pages through 2,345 keys: each once, in order, pages of 1,000, one request each (%s://)', async (scheme) => {
    const up = createUploader({ endpoint: emu.url, auth: 'none', mode: 'inline' });
    try {
      const from = emu.requests.length;
      const pages: number[] = [];
      const seen: string[] = [];
      for await (const page of up.list(`${scheme}://bkt/many/`)) {
        pages.push(page.length);
        for (const o of page) {
          expect(o.destination).toBe(`${scheme}://bkt/${o.key}`);
          expect(o.size).toBe(o.key.length);
          seen.push(o.key);
        }
      }
      expect(pages).toEqual([1000, 1000, 345]);
      expect(seen).toEqual(keys);
      expect(emu.requests.slice(from).filter((r) => r.method === 'GET')).toHaveLength(3);
    } finally {
      await up.close();
    }
  });
});

describe('listing from after a key (start-after)', () => {
  it.each(['s3', 'gs'])('lists only the keys after it, a name between keys or past the last alike (%s://)', async (scheme) => {
    const up = createUploader({ endpoint: emu.url, auth: 'none', mode: 'inline' });
    try {
      const from = async (startAfter: string) => {
        const seen: string[] = [];
        for await (const page of up.list(`${scheme}://bkt/many/`, { startAfter })) seen.push(...page.map((o) => o.key));
        return seen;
      };
      expect(await from(keys[999]!)).toEqual(keys.slice(1000));
      expect(await from(`${keys[2000]!}~`)).toEqual(keys.slice(2001));
      expect(await from('many/z')).toEqual([]);
    } finally {
      await up.close();
    }
  });

  it('refuses a startAfter that is not a key, by name, before any request', async () => {
    const up = createUploader({ endpoint: emu.url, auth: 'none', mode: 'inline' });
    try {
      const from = emu.requests.length;
      const listing = up.list('s3://bkt/many/', { startAfter: 5 as unknown as string });
      await expect(listing.next()).rejects.toMatchObject({ code: 'PARTPUSH_INVALID_OPTION', option: 'startAfter' });
      expect(emu.requests.length).toBe(from);
    } finally {
      await up.close();
    }
  });
});

describe('keys XML 1.0 cannot carry', () => {
  // A control character has no place in an XML 1.0 document, and XML reads a `\r` as `\n`: listed
  // raw, the first broke every later page and the second came back as another key, sent again by
  // every sync. Listed with encoding-type=url, each comes back as it was stored.
  const odd = ['odd/ctl\x01\x1f.bin', 'odd/cr\r.bin', 'odd/crlf\r\n.bin', 'odd/plus+ space.bin', 'odd/pct%41%.bin', 'odd/tab\t.bin'];
  // GCS object names hold no carriage return or line feed, and control characters are to be avoided.
  const legalOnGcs = (key: string) => !/[\x00-\x08\x0b-\x1f]|\r|\n/.test(key);
  const gcsOdd = odd.filter(legalOnGcs).map((key) => key.replace(/^odd\//, 'gcs-odd/'));
  beforeAll(async () => {
    for (const key of [...odd, ...gcsOdd]) {
      const answer = await fetch(`${emu.url}/bkt/${key.split('/').map(encodeURIComponent).join('/')}`, {
        method: 'PUT',
        body: key,
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(answer.status).toBe(200);
    }
  });

  it('are listed exactly as stored (s3://, URL-encoded)', async () => {
    const up = createUploader({ endpoint: emu.url, auth: 'none', mode: 'inline' });
    try {
      const seen: string[] = [];
      for await (const page of up.list('s3://bkt/odd/')) seen.push(...page.map((o) => o.key));
      expect(seen).toEqual([...odd].sort());
    } finally {
      await up.close();
    }
  });

  it('the names GCS allows are listed exactly as stored (gs://, as XML text)', async () => {
    const up = createUploader({ endpoint: emu.url, auth: 'none', mode: 'inline' });
    try {
      const seen: string[] = [];
      for await (const page of up.list('gs://bkt/gcs-odd/')) seen.push(...page.map((o) => o.key));
      expect(seen).toEqual([...gcsOdd].sort());
    } finally {
      await up.close();
    }
  });
});
