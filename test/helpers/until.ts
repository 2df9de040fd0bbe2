/**
 * Waits until `condition()` holds, checking every few ms, and fails with `what` after `timeoutMs`:
 * a deadline instead of a fixed sleep, so a slow machine waits longer and a broken one fails.
 */
export async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
