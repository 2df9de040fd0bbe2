import { setTimeout as sleep } from 'node:timers/promises';
import type { RetryEvent } from '../core/retry-event.js';
import { decideRetry, type RetryPolicy } from '../core/retry-policy.js';
import { PartpushError } from '../errors.js';

export interface RetryOptions {
  policy: RetryPolicy;
  /** Stops the waits between attempts (the upload was cancelled or failed elsewhere). */
  signal?: AbortSignal;
  /** > 1 continues the count of attempts made elsewhere (a part taken back from a lane whose thread died). */
  firstAttempt?: number;
  /** What is being tried, for the retry events: `part 7`. */
  what?: string;
  /** Told of each failed attempt that will be tried again, before the wait. */
  onRetry?: (event: RetryEvent) => void;
}

/**
 * Runs `attempt` until it succeeds, the policy gives up, or the signal stops it. The error that
 * ends it carries the number of attempts made.
 */
export async function withRetries<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { policy, signal } = options;
  for (let n = options.firstAttempt ?? 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const failure =
        error instanceof PartpushError ? error : new PartpushError('PARTPUSH_WORKER_FAILED', String((error as Error)?.message ?? error));
      failure.attempts = n;
      const decision = decideRetry(failure, n, policy);
      if (!decision.retry || signal?.aborted) throw failure;
      options.onRetry?.({
        what: options.what ?? 'request',
        partNumber: failure.partNumber,
        attempt: n,
        maxAttempts: policy.maxAttempts,
        delayMs: decision.delayMs,
        code: failure.code,
        status: failure.status,
        serviceCode: failure.serviceCode,
        causeCode: failure.causeCode,
        message: failure.message,
      });
      try {
        await sleep(decision.delayMs, undefined, { signal });
      } catch {
        throw failure; // stopped while waiting: the upload is being cancelled or has failed elsewhere
      }
    }
  }
}
