import { setTimeout as sleep } from 'node:timers/promises';
import { decideRetry, type RetryPolicy } from '../core/retry-policy.js';
import { PartpushError } from '../errors.js';

/**
 * Runs `attempt` until it succeeds, the policy gives up, or `signal` stops it. The error that ends
 * it carries the number of attempts made. `firstAttempt` > 1 continues the count of attempts made
 * elsewhere (a part taken back from a lane whose thread died).
 */
export async function withRetries<T>(attempt: (n: number) => Promise<T>, policy: RetryPolicy, signal?: AbortSignal, firstAttempt = 1): Promise<T> {
  for (let n = firstAttempt; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const failure = error instanceof PartpushError ? error
        : new PartpushError('PARTPUSH_WORKER_FAILED', String((error as Error)?.message ?? error));
      failure.attempts = n;
      const decision = decideRetry(failure, n, policy);
      if (!decision.retry || signal?.aborted) throw failure;
      try {
        await sleep(decision.delayMs, undefined, { signal });
      } catch {
        throw failure; // stopped while waiting: the upload is being cancelled or has failed elsewhere
      }
    }
  }
}
