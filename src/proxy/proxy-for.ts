import { PartpushError } from '../errors.js';
import { bypassesProxy, parseNoProxy } from './no-proxy.js';
import type { ProxyOption, ProxyRoute } from './proxy-route.js';

/**
 * The proxy that traffic to `origin` goes through, if any, as curl decides it: `proxy: false`
 * (--no-proxy) means none; NO_PROXY / no_proxy exempts the origin (from an explicit proxy too, as
 * curl's -x is exempted); then the `proxy` option, else https_proxy / HTTPS_PROXY for https:// and
 * http_proxy / HTTP_PROXY for http://, else all_proxy / ALL_PROXY. The lowercase name wins where
 * both are set, as in curl. Unlike curl, HTTP_PROXY in capitals is read: every other tool on a
 * build host (aws-cli, gcloud, Go programs) reads it, and partpush is never a CGI script, where the
 * capitals could come from a request's Proxy header. `proxyCa` (--proxy-ca) checks an https://
 * proxy's certificate.
 */
export function proxyFor(origin: string, option: ProxyOption, env: NodeJS.ProcessEnv, proxyCa?: string): ProxyRoute | undefined {
  const route = chooseProxy(origin, option, env);
  // The proxy's CA matters only where partpush speaks TLS to the proxy.
  if (route && proxyCa && route.proxy.startsWith('https:')) route.ca = proxyCa;
  return route;
}

function chooseProxy(origin: string, option: ProxyOption, env: NodeJS.ProcessEnv): ProxyRoute | undefined {
  if (option === false) return undefined;
  const url = new URL(origin);
  if (bypassesProxy(url, parseNoProxy(firstSet(env, 'no_proxy', 'NO_PROXY')?.value))) return undefined;
  if (typeof option === 'string') return parseProxyUrl(option, '--proxy (the proxy option)');
  const names = url.protocol === 'https:' ? (['https_proxy', 'HTTPS_PROXY'] as const) : (['http_proxy', 'HTTP_PROXY'] as const);
  const set = firstSet(env, ...names, 'all_proxy', 'ALL_PROXY');
  return set ? parseProxyUrl(set.value, set.name) : undefined;
}

function firstSet(env: NodeJS.ProcessEnv, ...names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

/**
 * A proxy URL as curl takes it: `[http://|https://][user:password@]host[:port]`; without a scheme,
 * http://; without a port, 1080 (curl's default; 443 for an https:// proxy). The user info becomes
 * a Basic Proxy-Authorization and leaves the URL. `where` names the variable or option in errors,
 * which show the value without its password.
 */
export function parseProxyUrl(text: string, where: string): ProxyRoute {
  const trimmed = text.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalid(`${where} is not a proxy URL: "${withoutPassword(trimmed)}"; give it as http://HOST:PORT`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(
      `${where}: a ${url.protocol.slice(0, -1)}:// proxy is not supported ("${withoutPassword(trimmed)}"); partpush speaks to http:// and https:// proxies`,
    );
  }
  if (url.hostname === '') throw invalid(`${where} names no proxy host: "${withoutPassword(trimmed)}"`);
  const port = url.port || (url.protocol === 'https:' ? '443' : '1080');
  const route: ProxyRoute = { proxy: `${url.protocol}//${url.hostname}:${port}` };
  if (url.username || url.password) {
    let user: string;
    try {
      user = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    } catch {
      throw invalid(
        `${where}: the user name or password in "${withoutPassword(trimmed)}" has a % that is not followed by two hex digits; write a % in them as %25`,
      );
    }
    route.authorization = `Basic ${Buffer.from(user).toString('base64')}`;
  }
  return route;
}

/** A proxy URL as it may be printed: the password, and anything else between `//` and `@`, starred out. */
export function withoutPassword(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/]*@/i, (_, scheme: string | undefined) => `${scheme ?? ''}***@`);
}

function invalid(message: string): PartpushError {
  return new PartpushError('PARTPUSH_INVALID_OPTION', message, { option: 'proxy' });
}
