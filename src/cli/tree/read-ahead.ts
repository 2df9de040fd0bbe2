/**
 * Pulls up to `ahead` items of `source` before they are asked for, from the moment it is called:
 * `sync` starts its listing while it walks the directory, and the walk's time hides the pages'
 * round trips. Bounded: at most `ahead` pages wait in memory. A failure is kept for the reader,
 * in order, never left as an unhandled rejection.
 */
export function readAhead<T>(source: AsyncIterator<T>, ahead: number): AsyncGenerator<T> {
  const waiting: Array<Promise<IteratorResult<T>>> = [];
  let ended = false;
  const pull = () => {
    while (!ended && waiting.length < ahead) {
      const next = source.next();
      next.then(
        (r) => {
          if (r.done) ended = true;
        },
        () => {
          ended = true;
        },
      );
      waiting.push(next);
    }
  };
  pull();
  return (async function* () {
    try {
      while (waiting.length > 0) {
        const result = await waiting.shift()!;
        if (result.done) return;
        pull();
        yield result.value;
      }
    } finally {
      await source.return?.();
    }
  })();
}
