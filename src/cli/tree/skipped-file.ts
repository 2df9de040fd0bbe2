/** A file not sent, and why: its key exists (`--no-clobber`), or the object has its content (`sync`). */
export interface SkippedFile {
  source: string;
  destination: string;
  reason: 'exists' | 'unchanged';
}

/** The files to send and those that need not be. */
export interface Selection<T> {
  send: T[];
  skipped: SkippedFile[];
}
