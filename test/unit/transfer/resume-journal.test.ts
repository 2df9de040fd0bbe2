import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ResumeJournal, type JournalHeader } from '../../../src/resume/resume-journal.js';

const dir = mkdtempSync(join(tmpdir(), 'partpush-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const header: JournalHeader = {
  version: 1,
  path: '/data/disk.img',
  size: 96 * 1024 * 1024,
  mtimeMs: 1_700_000_000_123.5,
  destination: 's3://b/disk.img',
  origin: 'https://s3.example.com',
  uploadId: 'upload-1',
  partSize: 32 * 1024 * 1024,
  checksum: true,
};
const part = (partNumber: number) => ({
  partNumber,
  etag: `"etag-${partNumber}"`,
  length: 32 * 1024 * 1024,
  crc32c: 0xfffffff0 + partNumber,
  attempts: 1,
});

describe('the resume journal', () => {
  it('reads back its header and every part recorded, from a new process’s point of view', () => {
    const path = join(dir, 'nested', 'a.journal');
    const journal = ResumeJournal.create(path, header);
    journal.record(part(2));
    journal.record(part(1));
    const read = ResumeJournal.read(path)!;
    expect(read.header).toEqual(header);
    expect([...read.parts.values()].sort((a, b) => a.partNumber - b.partNumber)).toEqual([part(1), part(2)]);
  });

  it('treats a line cut short by a crash as a part not done', () => {
    const path = join(dir, 'torn.journal');
    ResumeJournal.create(path, header).record(part(1));
    appendFileSync(path, '{"partNumber":2,"etag":"\\"et');
    expect([...ResumeJournal.read(path)!.parts.keys()]).toEqual([1]);
  });

  it('is undefined when there is none, and refuses a file that is not a journal with the way out', () => {
    expect(ResumeJournal.read(join(dir, 'missing.journal'))).toBeUndefined();
    const path = join(dir, 'not-a-journal');
    writeFileSync(path, 'hello\n');
    expect(() => ResumeJournal.read(path)).toThrow(
      expect.objectContaining({
        code: 'PARTPUSH_INVALID_OPTION',
        message: expect.stringMatching(/not a partpush resume journal.*delete it or name another with --resume FILE/),
      }),
    );
  });

  it('lives under XDG_STATE_HOME by default, one file per source, destination and origin', () => {
    const env = { XDG_STATE_HOME: '/state' };
    const a = ResumeJournal.defaultPath('/data/disk.img', 's3://b/k', 'https://x', env);
    expect(a).toMatch(/^\/state\/partpush\/[0-9a-f]{20}\.journal$/);
    expect(ResumeJournal.defaultPath('/data/disk.img', 's3://b/k', 'https://x', env)).toBe(a);
    expect(ResumeJournal.defaultPath('/data/disk.img', 's3://b/other', 'https://x', env)).not.toBe(a);
    expect(ResumeJournal.defaultPath('/data/disk.img', 's3://b/k', 'https://y', env)).not.toBe(a);
  });

  it('is removed once the upload completes', () => {
    const path = join(dir, 'done.journal');
    const journal = ResumeJournal.create(path, header);
    expect(readFileSync(path, 'utf8').split('\n')[0]).toBe(JSON.stringify(header));
    journal.remove();
    expect(existsSync(path)).toBe(false);
    journal.remove(); // twice is harmless
  });
});
