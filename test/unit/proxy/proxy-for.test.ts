import { describe, expect, it } from 'vitest';
import type { PartpushError } from '../../../src/errors.js';
import { bypassesProxy, parseNoProxy } from '../../../src/proxy/no-proxy.js';
import { parseProxyUrl, proxyFor, withoutPassword } from '../../../src/proxy/proxy-for.js';

const bypasses = (origin: string, noProxy: string) => bypassesProxy(new URL(origin), parseNoProxy(noProxy));

describe('NO_PROXY, as curl reads it', () => {
  it('takes host names with their subdomains, with or without a leading dot, in any case', () => {
    expect(bypasses('https://example.com', 'example.com')).toBe(true);
    expect(bypasses('https://s3.EXAMPLE.com', 'example.com')).toBe(true);
    expect(bypasses('https://a.b.example.com', '.example.com')).toBe(true);
    expect(bypasses('https://example.com', '.example.com')).toBe(true);
    expect(bypasses('https://notexample.com', 'example.com')).toBe(false);
    expect(bypasses('https://example.com.evil.net', 'example.com')).toBe(false);
    expect(bypasses('https://storage.googleapis.com.', 'googleapis.com')).toBe(true);
  });

  it('takes lists separated by commas and white space, and ignores empty entries', () => {
    const list = ' foo.internal, ,bar.internal  baz.internal,';
    for (const host of ['foo.internal', 'bar.internal', 'baz.internal']) expect(bypasses(`https://${host}`, list)).toBe(true);
    expect(bypasses('https://qux.internal', list)).toBe(false);
    expect(parseNoProxy('').entries).toHaveLength(0);
    expect(parseNoProxy(undefined).entries).toHaveLength(0);
  });

  it('takes * alone as every host', () => {
    expect(bypasses('https://anything.example', '*')).toBe(true);
    expect(bypasses('http://10.1.2.3:9000', 'foo, *')).toBe(true);
  });

  it('takes IP literals and CIDR ranges, IPv4 and IPv6', () => {
    expect(bypasses('http://127.0.0.1:9000', '127.0.0.1')).toBe(true);
    expect(bypasses('http://127.0.0.2:9000', '127.0.0.1')).toBe(false);
    expect(bypasses('http://10.20.30.40', '10.0.0.0/8')).toBe(true);
    expect(bypasses('http://11.20.30.40', '10.0.0.0/8')).toBe(false);
    expect(bypasses('http://192.168.1.77', '192.168.1.0/24')).toBe(true);
    expect(bypasses('https://[::1]:8443', '::1')).toBe(true);
    expect(bypasses('https://[fd00::12]', 'fd00::/8')).toBe(true);
    expect(bypasses('https://[fe80::1]', 'fd00::/8')).toBe(false);
    expect(bypasses('https://[::1]', '[::1]')).toBe(true);
    // A name never matches an address by its digits, nor an address a name.
    expect(bypasses('http://127.0.0.1', '0.0.1')).toBe(false);
    expect(bypasses('http://localhost', '127.0.0.1')).toBe(false);
  });

  it('takes host:port, which exempts that port only', () => {
    expect(bypasses('https://minio.lan:9000', 'minio.lan:9000')).toBe(true);
    expect(bypasses('https://minio.lan:9001', 'minio.lan:9000')).toBe(false);
    expect(bypasses('https://s3.lan', 's3.lan:443')).toBe(true);
    expect(bypasses('http://s3.lan', 's3.lan:443')).toBe(false);
    expect(bypasses('http://127.0.0.1:8080', '127.0.0.1:8080')).toBe(true);
    expect(bypasses('https://[::1]:9000', '[::1]:9000')).toBe(true);
    expect(bypasses('https://[::1]:9001', '[::1]:9000')).toBe(false);
  });

  it('ignores entries it cannot read rather than exempting everything', () => {
    expect(bypasses('http://10.0.0.1', '10.0.0.0/99')).toBe(false);
    expect(bypasses('http://host.lan', 'host.lan:99999')).toBe(false);
    expect(bypasses('http://host.lan', 'host.lan/24')).toBe(false);
  });
});

describe('the proxy for an origin', () => {
  const env = { HTTPS_PROXY: 'http://proxy.corp:3128', HTTP_PROXY: 'http://plain.corp:8080' };

  it('is HTTPS_PROXY for https:// and HTTP_PROXY for http://, lowercase first, then ALL_PROXY', () => {
    expect(proxyFor('https://s3.example', undefined, env)).toEqual({ proxy: 'http://proxy.corp:3128' });
    expect(proxyFor('http://minio.lan:9000', undefined, env)).toEqual({ proxy: 'http://plain.corp:8080' });
    expect(proxyFor('https://s3.example', undefined, { ...env, https_proxy: 'http://lower.corp:1' })?.proxy).toBe('http://lower.corp:1');
    expect(proxyFor('https://s3.example', undefined, { ALL_PROXY: 'http://all.corp:2' })?.proxy).toBe('http://all.corp:2');
    expect(proxyFor('https://s3.example', undefined, { HTTP_PROXY: 'http://plain.corp:8080' })).toBeUndefined();
    expect(proxyFor('https://s3.example', undefined, { HTTPS_PROXY: '  ' })).toBeUndefined();
  });

  it('is the option over the environment; none with false; NO_PROXY exempts from both', () => {
    expect(proxyFor('https://s3.example', 'http://mine:1', env)?.proxy).toBe('http://mine:1');
    expect(proxyFor('https://s3.example', false, env)).toBeUndefined();
    expect(proxyFor('https://s3.example', undefined, { ...env, NO_PROXY: '.example' })).toBeUndefined();
    expect(proxyFor('https://s3.example', 'http://mine:1', { no_proxy: 's3.example' })).toBeUndefined();
    expect(proxyFor('https://s3.example', undefined, { ...env, no_proxy: 'other', NO_PROXY: 's3.example' })?.proxy).toBe(
      'http://proxy.corp:3128',
    );
  });

  it('reads a proxy URL as curl: http:// by default, port 1080 by default (443 for https://), credentials as Basic', () => {
    expect(parseProxyUrl('proxy.corp:3128', 'X')).toEqual({ proxy: 'http://proxy.corp:3128' });
    expect(parseProxyUrl('http://proxy.corp', 'X')).toEqual({ proxy: 'http://proxy.corp:1080' });
    expect(parseProxyUrl('https://proxy.corp', 'X')).toEqual({ proxy: 'https://proxy.corp:443' });
    expect(parseProxyUrl('http://[::1]:3128/', 'X')).toEqual({ proxy: 'http://[::1]:3128' });
    const route = parseProxyUrl('http://al%40ice:p%3Ass@proxy.corp:3128', 'X');
    expect(route.proxy).toBe('http://proxy.corp:3128');
    expect(Buffer.from(route.authorization!.replace('Basic ', ''), 'base64').toString()).toBe('al@ice:p:ss');
  });

  it('refuses what it cannot use, naming the variable, and never prints the password', () => {
    const failure = (text: string) => {
      try {
        parseProxyUrl(text, 'HTTPS_PROXY');
      } catch (error) {
        return error as PartpushError;
      }
      throw new Error('no error');
    };
    const socks = failure('socks5://user:hunter2@proxy.corp:1080');
    expect(socks.code).toBe('PARTPUSH_INVALID_OPTION');
    expect(socks.message).toContain('HTTPS_PROXY');
    expect(socks.message).toContain('socks5');
    expect(socks.message).not.toContain('hunter2');
    const broken = failure('http://user:hunter2@proxy corp:31 28');
    expect(broken.message).toContain('HTTPS_PROXY is not a proxy URL');
    expect(broken.message).not.toContain('hunter2');
    const escape = failure('http://u:p%zzhunter2@proxy.corp:3128');
    expect(escape).toMatchObject({ code: 'PARTPUSH_INVALID_OPTION', message: expect.stringContaining('write a % in them as %25') });
    expect(escape.message).not.toContain('hunter2');
    expect(withoutPassword('http://a:b@c@host:1/x')).toBe('http://***@host:1/x');
    expect(withoutPassword('user:pw@host:1')).toBe('***@host:1');
  });
});
