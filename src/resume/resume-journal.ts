import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ChecksumPlacement } from '../checksum/checksum-placement.js';
import { PartpushError } from '../errors.js';
import type { PartResult } from '../lane/lane-task.js';

/** What a journal is for: this file, in this version (see FileIdentity), to this object, in these parts. */
export interface JournalHeader {
  version: 1;
  path: string;
  size: number;
  mtimeMs: number;
  /** Absent in journals written before partpush compared them. */
  ctimeMs?: number;
  ino?: number;
  destination: string;
  origin: string;
  uploadId: string;
  partSize: number;
  checksum: boolean;
  /** Where the parts' CRC32C went (absent: none), as `--checksum auto` settled it for this store. */
  checksumPlacement?: ChecksumPlacement;
  /** The upload was created with a whole-object CRC32C (FULL_OBJECT), which its Complete must send. */
  fullObject?: boolean;
}

/** The words journals written before 0.2 used for the checksum forms. */
const LEGACY_PLACEMENTS: Record<string, ChecksumPlacement> = { 'while-sending': 'crc32c', header: 'crc32c-header' };

/**
 * The resume journal: a header line, then one JSON line per part as it finishes. Appending a line
 * per part (32 per GiB by default) keeps what was done safe across a crash, even `kill -9`, at the
 * cost of one tiny write on the main thread per part.
 */
export class ResumeJournal {
  private constructor(
    readonly path: string,
    readonly header: JournalHeader,
    readonly parts: Map<number, PartResult>,
  ) {}

  /** `~/.local/state/partpush/<hash>.journal`: survives a reboot, unlike /tmp. */
  static defaultPath(sourcePath: string, destination: string, origin: string, env: NodeJS.ProcessEnv): string {
    const state = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
    const id = createHash('sha256')
      .update(`${resolve(sourcePath)}\n${destination}\n${origin}`)
      .digest('hex')
      .slice(0, 20);
    return join(state, 'partpush', `${id}.journal`);
  }

  /** The journal at `path`, or undefined if there is none. */
  static read(path: string): ResumeJournal | undefined {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new PartpushError('PARTPUSH_INVALID_OPTION', `cannot read the resume journal ${path}: ${(error as Error).message}`);
    }
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    try {
      const header = JSON.parse(lines[0] ?? '') as JournalHeader;
      if (header.version !== 1 || typeof header.uploadId !== 'string') throw new Error('unknown format');
      header.checksumPlacement = LEGACY_PLACEMENTS[header.checksumPlacement as string] ?? header.checksumPlacement;
      const parts = new Map<number, PartResult>();
      for (const line of lines.slice(1)) {
        // A line cut short by a crash is the part that was being recorded: it is simply not done.
        try {
          const part = JSON.parse(line) as PartResult;
          parts.set(part.partNumber, part);
        } catch {
          /* torn last line */
        }
      }
      return new ResumeJournal(path, header, parts);
    } catch (error) {
      throw new PartpushError(
        'PARTPUSH_INVALID_OPTION',
        `${path} is not a partpush resume journal (${(error as Error).message}); delete it or name another with --resume FILE`,
      );
    }
  }

  static create(path: string, header: JournalHeader): ResumeJournal {
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${JSON.stringify(header)}\n`);
    } catch (error) {
      removeQuietly(path); // an empty or torn header would be no journal to a later run
      throw journalWriteFailed(path, error);
    }
    return new ResumeJournal(path, header, new Map());
  }

  /** Records a checksum form that changed under 'auto': the header is rewritten, the parts kept. */
  setChecksumPlacement(placement: ChecksumPlacement | undefined): void {
    Object.assign(this.header, checksumFields(placement));
    writeFileSync(this.path, [this.header, ...this.parts.values()].map((line) => `${JSON.stringify(line)}\n`).join(''));
  }

  record(part: PartResult): void {
    this.parts.set(part.partNumber, part);
    try {
      appendFileSync(this.path, `${JSON.stringify(part)}\n`);
    } catch (error) {
      throw journalWriteFailed(this.path, error);
    }
  }

  /** Best effort: a journal left behind names an upload the next run finds gone, and starts over. */
  remove(): void {
    removeQuietly(this.path);
  }
}

/** The header's two checksum fields, one derived from the other (`checksum` predates the placement). */
export function checksumFields(placement: ChecksumPlacement | undefined): Pick<JournalHeader, 'checksum' | 'checksumPlacement'> {
  return { checksum: placement !== undefined, checksumPlacement: placement };
}

/** A journal that cannot be written (a full disk, a read-only directory) cannot promise a resume. */
export function journalWriteFailed(path: string, error: unknown): PartpushError {
  return new PartpushError(
    'PARTPUSH_INVALID_OPTION',
    `cannot write the resume journal ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): free space there, or name a journal elsewhere with --resume FILE`,
    { option: 'resume' },
  );
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    /* not ours to remove (the path is a directory, or under a file), or not removable: left */
  }
}
