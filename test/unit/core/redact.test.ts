import { describe, expect, it } from 'vitest';
import { redactUrlCredentials } from '../../../src/core/redact.js';

describe('credentials in URLs are taken out of what is printed', () => {
  it.each([
    ['endpoint "http://user:s3cr3t@127.0.0.1:9" must not carry', 'endpoint "http://user:***@127.0.0.1:9" must not carry'],
    ['proxy http://u:p@ss@proxy:3128/ refused', 'proxy http://u:***@proxy:3128/ refused'],
    ['https://ghp_TOKEN@host/x and https://a:b@c', 'https://***@host/x and https://a:***@c'],
    ['no credentials: https://host/path?q=a@b', 'no credentials: https://host/path?q=a@b'],
  ])('%s', (text, printed) => {
    expect(redactUrlCredentials(text)).toBe(printed);
  });
});
