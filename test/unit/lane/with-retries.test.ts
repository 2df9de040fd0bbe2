import { describe, expect, it } from 'vitest';
import { PartpushError } from '../../../src/errors.js';
import { withRetries } from '../../../src/lane/with-retries.js';

const fast = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 50 };
const retryable = () => new PartpushError('PARTPUSH_SERVICE_ERROR', 'busy', { status: 503, retryable: true });

describe('withRetries', () => {
  it('tries again after retryable failures, numbering the attempts, and returns the first success', async () => {
    const seen: number[] = [];
    const result = await withRetries(
      async (n) => {
        seen.push(n);
        if (n < 3) throw retryable();
        return `done on ${n}`;
      },
      { policy: fast },
    );
    expect(result).toBe('done on 3');
    expect(seen).toEqual([1, 2, 3]);
  });

  it("tells of each attempt it will try again, with the store's words and the wait, and not of the last", async () => {
    const events: unknown[] = [];
    await withRetries(
      async (n) => {
        throw new PartpushError('PARTPUSH_SERVICE_ERROR', `part 7: the store answered HTTP 503 (SlowDown) on ${n}`, {
          status: 503,
          serviceCode: 'SlowDown',
          partNumber: 7,
          retryable: true,
        });
      },
      { policy: { ...fast, maxAttempts: 3 }, what: 'part 7', onRetry: (event) => events.push(event) },
    ).catch(() => undefined);
    expect(events).toEqual(
      [1, 2].map((attempt) => ({
        what: 'part 7',
        partNumber: 7,
        attempt,
        maxAttempts: 3,
        delayMs: expect.any(Number),
        code: 'PARTPUSH_SERVICE_ERROR',
        status: 503,
        serviceCode: 'SlowDown',
        causeCode: undefined,
        message: `part 7: the store answered HTTP 503 (SlowDown) on ${attempt}`,
      })),
    );
  });

  it('gives up after maxAttempts with the last failure, which counts the attempts made', async () => {
    let calls = 0;
    const failure = await withRetries(
      async () => {
        calls++;
        throw retryable();
      },
      { policy: fast },
    ).catch((e: unknown) => e);
    expect(calls).toBe(4);
    expect(failure).toMatchObject({ code: 'PARTPUSH_SERVICE_ERROR', attempts: 4 });
  });

  it('never repeats a failure that says it is not retryable', async () => {
    let calls = 0;
    const fatal = new PartpushError('PARTPUSH_SERVICE_ERROR', 'no such bucket', {
      status: 404,
      serviceCode: 'NoSuchBucket',
      retryable: false,
    });
    await expect(
      withRetries(
        async () => {
          calls++;
          throw fatal;
        },
        { policy: fast },
      ),
    ).rejects.toMatchObject({ serviceCode: 'NoSuchBucket', attempts: 1 });
    expect(calls).toBe(1);
  });

  it('continues the count of attempts made elsewhere (a part taken back from a dead lane)', async () => {
    const seen: number[] = [];
    await expect(
      withRetries(
        async (n) => {
          seen.push(n);
          throw retryable();
        },
        { policy: fast, firstAttempt: 3 },
      ),
    ).rejects.toMatchObject({ attempts: 4 });
    expect(seen).toEqual([3, 4]);
  });

  it('waits at least what Retry-After asked for', async () => {
    const started = performance.now();
    let calls = 0;
    await withRetries(
      async () => {
        if (++calls === 1)
          throw new PartpushError('PARTPUSH_SERVICE_ERROR', 'slow down', { status: 503, retryable: true, retryAfterMs: 40 });
      },
      { policy: fast },
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(39);
  });

  it('stops waiting when its signal fires, and ends with the failure it was waiting out', async () => {
    const controller = new AbortController();
    const slow = { ...fast, baseDelayMs: 60_000, maxDelayMs: 60_000 };
    const outcome = withRetries(
      async () => {
        throw retryable();
      },
      { policy: { ...slow, maxAttempts: 8 }, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    const started = performance.now();
    await expect(outcome).rejects.toMatchObject({ message: 'busy', attempts: 1 });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('turns anything else thrown into a typed PARTPUSH_WORKER_FAILED error', async () => {
    await expect(
      withRetries(
        async () => {
          throw new TypeError('boom');
        },
        { policy: fast },
      ),
    ).rejects.toMatchObject({
      name: 'PartpushError',
      code: 'PARTPUSH_WORKER_FAILED',
      message: 'boom',
      attempts: 1,
    });
  });
});
