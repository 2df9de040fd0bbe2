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

  it('BadDigest says the bytes changed on the way, that nothing of them was stored, and what to do; it is not retried', () => {
    const body = '<Error><Code>BadDigest</Code><Message>The CRC32C you specified did not match the calculated checksum.</Message></Error>';
    const error = serviceError('part 1', 400, {}, body);
    expect(error).toMatchObject({ code: 'PARTPUSH_SERVICE_ERROR', serviceCode: 'BadDigest', retryable: false });
    expect(error.message).toBe(
      'part 1: the store answered HTTP 400 (BadDigest: The CRC32C you specified did not match the calculated checksum.); the bytes the store received are not the ones partpush read and checksummed: something between (a proxy, a network card, memory) changed them. Nothing of them was stored; run the upload again, and if this repeats, look at what lies between this machine and the store',
    );
  });
});
