/** What the main thread and the descriptor reader thread (workers/descriptor-reader.ts) exchange. */
export interface DescriptorRead {
  /** The ring's memory: the thread writes into it in place. */
  buffer: SharedArrayBuffer;
  start: number;
  length: number;
}

/** The bytes read (fewer than asked only at the end of the stream, or with an error). */
export interface DescriptorReadResult {
  bytes: number;
  error?: { message: string; code?: string };
}
