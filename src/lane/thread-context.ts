import { SignerCache } from '../auth/signer-cache.js';
import { ConnectionEvents } from './connection-events.js';
import { SessionCache } from '../http/session-cache.js';
import { ChecksumTurns } from '../source/checksum-turns.js';
import { ReadBuffers } from '../source/read-buffers.js';
import { FrameCompressors } from '../compress/frame-compressors.js';

/**
 * What one thread keeps from part to part and upload to upload: its HTTP sessions (and who hears
 * of their connections), its SigV4 signers, its read buffers and the turn order of its checksum passes. A worker has one for its
 * life; the main thread has one per Uploader (inline lanes get a session cache per would-be worker,
 * so inline mode keeps the pool's connection shape). Held here, passed down, never a module global.
 */
export interface ThreadContext {
  sessions: SessionCache;
  /** Where the sessions tell of connections opened and closed. */
  connections: ConnectionEvents;
  signers: SignerCache;
  buffers: ReadBuffers;
  turns: ChecksumTurns;
  /** zstd contexts for compressed uploads, made on first use. */
  compressors: FrameCompressors;
}

export function createThreadContext(): ThreadContext {
  const connections = new ConnectionEvents();
  return {
    sessions: new SessionCache((event) => connections.emit(event)),
    connections,
    signers: new SignerCache(),
    buffers: new ReadBuffers(),
    turns: new ChecksumTurns(),
    compressors: new FrameCompressors(),
  };
}
