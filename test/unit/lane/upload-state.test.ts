import { describe, expect, it } from 'vitest';
import { UploadState } from '../../../src/lane/upload-state.js';

// Across threads (a worker waiting on the signal, a worker stopping the upload):
// test/integration/across-threads.test.ts.
describe('UploadState', () => {
  it('keeps the first reason it was stopped for', () => {
    const state = new UploadState();
    expect(state.stopped).toBe(false);
    expect(state.stopReason).toBeUndefined();
    expect(state.stop('cancelled')).toBe(true);
    expect(state.stop('failed')).toBe(false);
    expect(state.stopReason).toBe('cancelled');
    expect(new UploadState(state.buffer).stopReason).toBe('cancelled'); // another view of the same memory
  });

  it('fires its signal on every view of the state, including one taken before the stop', async () => {
    const state = new UploadState();
    const other = new UploadState(state.buffer);
    const early = other.signal;
    const fired = new Promise<void>((resolve) => early.addEventListener('abort', () => resolve()));
    state.stop('failed');
    expect(state.signal.aborted).toBe(true); // at once, on the view that stopped it
    await fired; // on the next turn, through Atomics.waitAsync, on another view
    expect(other.stopReason).toBe('failed');
    expect(new UploadState(state.buffer).signal.aborted).toBe(true); // taken after the stop
  });

  it('counts bytes sent (back down for a failed attempt) and parts done', () => {
    const state = new UploadState();
    const lane = new UploadState(state.buffer);
    lane.addBytesSent(5 * 2 ** 32); // beyond 32 bits: a multi-GiB upload
    lane.addBytesSent(-1000);
    lane.addPartDone();
    lane.addPartDone();
    expect(state.bytesSent).toBe(5 * 2 ** 32 - 1000);
    expect(state.partsDone).toBe(2);
  });
});
