import { describe, expect, it } from 'vitest';
import { serviceError } from '../../../src/http/service-error.js';

describe("a store's error answer", () => {
  it('RequestTimeTooSkewed says how far this clock is from the store’s, from its Date header', () => {
    const body = '<Error><Code>RequestTimeTooSkewed</Code><Message>The difference is too large.</Message></Error>';
    const storeDate = new Date(Date.now() - 31 * 60_000).toUTCString();
    const error = serviceError('part 1', 403, { date: storeDate }, body);
    expect(error.message).toMatch(/RequestTimeTooSkewed.*; this machine's clock is 3[01] min ahead of the store's: set it right \(NTP\)$/);
    expect(serviceError('part 1', 403, {}, body).message).toMatch(/this machine's clock is off from the store's/);
  });
});
