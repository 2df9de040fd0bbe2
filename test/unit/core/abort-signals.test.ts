import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { eitherSignal, raceAbort } from '../../../src/core/abort-signals.js';

describe('work tied to a long-lived cancel signal', () => {
  it('raceAbort leaves no listener behind, whichever ends first', async () => {
    const cancel = new AbortController();
    for (let i = 0; i < 20; i++) expect(await raceAbort(Promise.resolve(i), cancel.signal, () => new Error('cancelled'))).toBe(i);
    await expect(raceAbort(Promise.reject(new Error('failed')), cancel.signal, () => new Error('cancelled'))).rejects.toThrow('failed');
    expect(getEventListeners(cancel.signal, 'abort')).toHaveLength(0);
    const pending = raceAbort(new Promise(() => undefined), cancel.signal, () => new Error('cancelled'));
    cancel.abort();
    await expect(pending).rejects.toThrow('cancelled');
    expect(getEventListeners(cancel.signal, 'abort')).toHaveLength(0);
  });

  it('eitherSignal fires on either, and once released leaves nothing on the cancel signal', () => {
    const cancel = new AbortController();
    for (let i = 0; i < 20; i++) eitherSignal(AbortSignal.timeout(60_000), cancel.signal).release();
    expect(getEventListeners(cancel.signal, 'abort')).toHaveLength(0);
    const deadline = new AbortController();
    const both = eitherSignal(deadline.signal, cancel.signal);
    deadline.abort(new Error('deadline'));
    expect(both.signal?.aborted).toBe(true);
    both.release();
    const again = eitherSignal(new AbortController().signal, cancel.signal);
    cancel.abort(new Error('cancel'));
    expect(again.signal?.reason).toEqual(new Error('cancel'));
  });
});
