import { SharedCounters } from './shared-counters.js';

/**
 * Cancellation reaches a part through shared memory, not through piscina (a task given an
 * AbortSignal gets a worker to itself, and aborting it kills the worker and its session). Body
 * generators check the flag per chunk; this poll also catches parts that are waiting for a response.
 */
const POLL_MS = 50;
const watched = new Map<AbortController, SharedCounters>();
let timer: NodeJS.Timeout | undefined;

export function watchCancellation(counters: SharedCounters, controller: AbortController): () => void {
  watched.set(controller, counters);
  timer ??= setInterval(poll, POLL_MS).unref();
  return () => {
    watched.delete(controller);
    if (watched.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function poll(): void {
  for (const [controller, counters] of watched) {
    if (counters.cancelled) controller.abort();
  }
}
