import { describe, expect, it } from 'vitest';
import { proxysOwnAnswer } from '../../../src/proxy/proxy-own-answer.js';

describe("a proxy's own answer, told from the store's relayed through it", () => {
  it('Squid marks its own answers with X-Squid-Error', () => {
    expect(proxysOwnAnswer({ 'x-squid-error': 'ERR_ACCESS_DENIED 0', via: '1.1 proxy (squid/5.7)' })).toBe(
      'X-Squid-Error: ERR_ACCESS_DENIED 0',
    );
  });

  it("RFC 9209's Proxy-Status counts only with an error parameter", () => {
    expect(proxysOwnAnswer({ 'proxy-status': 'corp-proxy; error=destination_ip_prohibited' })).toBe(
      'Proxy-Status: corp-proxy; error=destination_ip_prohibited',
    );
    // A relayed answer may carry Proxy-Status too, without an error: the store's answer.
    expect(proxysOwnAnswer({ 'proxy-status': 'corp-proxy; received-status=403' })).toBeUndefined();
  });

  it("a store's 403 relayed through a proxy (Via, a store's headers) is no proxy's", () => {
    expect(proxysOwnAnswer({ via: '1.1 partpush-test (squid/5.7)', 'x-amz-request-id': 'ABC', server: 'AmazonS3' })).toBeUndefined();
  });
});
