import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decompress } from 'zstd-napi';
import { openCompressedPartReader } from '../../../src/compress/compressed-part-reader.js';
import { resolveCompression } from '../../../src/compress/compression.js';
import { compressedParts } from '../../../src/compressed-upload/send-compressed.js';
import { createThreadContext } from '../../../src/lane/thread-context.js';
import { identityOf } from '../../../src/source/file-identity.js';
import type { FileSource } from '../../../src/source/source-descriptor.js';
import { makeTempDir } from '../../helpers/files.js';

const MiB = 1024 * 1024;
const temp = makeTempDir();
afterAll(() => temp.remove());

/** Text, random, text: a part of held frames around a raw one re-read from the file when sent. */
function partFile(): { source: FileSource; bytes: Buffer } {
  const text = Buffer.from('all work and no play makes a build host dull '.repeat(50_000)).subarray(0, 2 * MiB);
  const bytes = Buffer.concat([text, randomBytes(2 * MiB), text]);
  const path = join(temp.dir, `part-${Math.random()}.bin`);
  writeFileSync(path, bytes);
  return { source: { kind: 'file', path, ...identityOf(statSync(path)) }, bytes };
}

async function open(source: FileSource) {
  const compression = resolveCompression({ codec: 'zstd' })!;
  const spec = compressedParts(compression, 1, 6 * MiB);
  const part = { partNumber: 1, offset: 0, length: 6 * MiB };
  return openCompressedPartReader(source, part, spec, createThreadContext(), MiB, () => false);
}

const openFiles = () => readdirSync('/proc/self/fd').length;

describe('a compressed part as it is sent', () => {
  it('is the zstd of its source: held frames and a raw frame read again, in order, at the length it announced', async () => {
    const { source, bytes } = partFile();
    const reader = await open(source);
    const copies: Buffer[] = [];
    for (const chunk of reader.body(
      () => undefined,
      () => false,
    ))
      copies.push(Buffer.from(chunk));
    reader.close(true);
    const sent = Buffer.concat(copies);
    expect(sent.length).toBe(reader.length);
    expect(decompress(sent).equals(bytes)).toBe(true);
  });

  it.runIf(existsSync('/proc/self/fd'))(
    'opens nothing once closed: a body pulled after its attempt ended throws and leaks no file',
    async () => {
      const { source } = partFile();
      const reader = await open(source);
      const before = openFiles();
      const body = reader.body(
        () => undefined,
        () => false,
      );
      expect(body.next().done).toBe(false);
      reader.close(false);
      expect(() => {
        for (let step = body.next(); !step.done; step = body.next());
      }).toThrow(expect.objectContaining({ code: 'PARTPUSH_ABORTED' }));
      expect(openFiles()).toBe(before);
    },
  );
});
