import { createRequire } from 'node:module';
import * as undici from 'undici';
import { expect, it } from 'vitest';
import * as parts from '../../../src/http/undici-parts.js';

// undici-parts.ts requires undici's own modules rather than its entry: this pins each to the very
// export of the package installed, so an undici that moves or splits one fails here, not in use.
it('each piece of undici partpush loads is the one the package exports', () => {
  expect(parts.Client).toBe(undici.Client);
  expect(parts.H2CClient).toBe(undici.H2CClient);
  expect(parts.Dispatcher).toBe(undici.Dispatcher);
  expect(parts.buildConnector).toBe(undici.buildConnector);
  // requestOn applies the function undici's entry puts on every Dispatcher as `request`.
  expect(createRequire(import.meta.url)('undici/lib/api/api-request.js')).toBe(
    Object.getOwnPropertyDescriptor(undici.Dispatcher.prototype, 'request')?.value,
  );
});
