import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBlobStorage } from '../../../src/emulator/store/blob-storage.js';
import { MultipartStore } from '../../../src/emulator/store/multipart-store.js';

const dir = mkdtempSync(join(tmpdir(), 'partpush-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function blobOf(store: MultipartStore, text: string) {
  const writer = store.storage.createWriter();
  await writer.write(Buffer.from(text));
  return writer.finish();
}

async function bytesOf(blob: { read: () => AsyncIterable<Buffer> }): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of blob.read()) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
}

describe('a part sent again while a Complete reads the parts (--dir)', () => {
  it.each([
    ['the Complete succeeds', false],
    ['the Complete is refused', true],
  ])('%s: the chosen bytes are read whole, no file is left behind', async (_, refused) => {
    const store = new MultipartStore(createBlobStorage({ dir }), 1, ['bkt']);
    const upload = store.initiate('bkt', 'k', {});
    const parts = [];
    for (const [n, text] of ['one ', 'two ', 'three'].entries()) parts.push(await store.putPart(upload, n + 1, await blobOf(store, text)));
    let replaced: Promise<unknown> | undefined;
    const completing = store.complete(
      upload,
      parts.map((p, i) => ({ partNumber: i + 1, etag: p.etag, checksums: {} })),
      () => undefined,
      async (chosen) => {
        // The seal reads; meanwhile part 3 is sent again, and its old bytes must still be there.
        replaced = store.putPart(upload, 3, await blobOf(store, 'THREE'));
        await replaced;
        expect(await bytesOf(chosen[2]!.blob)).toBe('three');
        if (refused) throw new Error('BadDigest');
        return undefined;
      },
    );
    if (refused) {
      await expect(completing).rejects.toThrow('BadDigest');
      // The upload goes on, with the part sent last.
      expect(await bytesOf(upload.parts.get(3)!.blob)).toBe('THREE');
      for (const part of upload.parts.values()) await part.blob.remove();
    } else {
      const object = await completing;
      expect(await bytesOf(object.blob)).toBe('one two three');
      await object.blob.remove();
    }
    await replaced;
    expect(readdirSync(dir)).toEqual([]);
  });

  it('two Completes at once (a retry of a slow one): one joins the parts, both get its object, no file is left behind', async () => {
    const store = new MultipartStore(createBlobStorage({ dir }), 1, ['bkt']);
    const upload = store.initiate('bkt', 'twice', {});
    const parts = [];
    for (const [n, text] of ['one ', 'two'].entries()) parts.push(await store.putPart(upload, n + 1, await blobOf(store, text)));
    const requested = parts.map((p, i) => ({ partNumber: i + 1, etag: p.etag, checksums: {} }));
    let seals = 0;
    const slowSeal = async () => {
      seals++;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return undefined;
    };
    const [first, second] = await Promise.all([
      store.complete(upload, requested, () => undefined, slowSeal),
      store.complete(upload, requested, () => undefined, slowSeal),
    ]);
    expect(seals).toBe(1);
    expect(second).toBe(first);
    expect(await bytesOf(first.blob)).toBe('one two');
    await first.blob.remove();
    expect(readdirSync(dir)).toEqual([]);
  });
});
