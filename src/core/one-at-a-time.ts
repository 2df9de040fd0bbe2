/**
 * Jobs that run one after another, in the order they were queued; a failed job does not stop the
 * ones behind it. A thread's lanes start together, so CPU passes they each need (a checksum pass,
 * a part's compression) would otherwise run interleaved and all finish late: in turns, the first
 * part is ready after one pass and goes on the wire while the next is made.
 */
export class OneAtATime {
  #last: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const run = this.#last.then(job);
    this.#last = run.catch(() => undefined);
    return run;
  }
}
