import { isIP } from 'node:net';
import { BlockList } from 'node:net';

/**
 * One entry of NO_PROXY as curl (7.86 and later) reads it: `*` (every host), a host name that also
 * covers its subdomains (`example.com`, or `.example.com`, the leading dot optional), an IP literal,
 * or a CIDR range. Beyond curl, an entry may name a port (`host:8443`, `[::1]:9000`) and then
 * bypasses the proxy for that port only, as Go's and undici's readers of NO_PROXY do.
 */
type NoProxyEntry = { kind: 'all' } | { kind: 'name'; name: string; port?: number } | { kind: 'address'; block: BlockList; port?: number };

export interface NoProxyList {
  entries: readonly NoProxyEntry[];
}

/** Parses NO_PROXY: entries separated by commas or white space; empty and unreadable ones are ignored, as curl does. */
export function parseNoProxy(text: string | undefined): NoProxyList {
  const entries: NoProxyEntry[] = [];
  for (const raw of (text ?? '').split(/[\s,]+/)) {
    const entry = parseEntry(raw.trim().toLowerCase());
    if (entry) entries.push(entry);
  }
  return { entries };
}

/** Whether `url` (an origin) is to be reached directly, not through the proxy. */
export function bypassesProxy(url: URL, list: NoProxyList): boolean {
  const host = bareHost(url.hostname).toLowerCase().replace(/\.$/, '');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const family = isIP(host);
  return list.entries.some((entry) => {
    if (entry.kind === 'all') return true;
    if (entry.port !== undefined && entry.port !== port) return false;
    if (entry.kind === 'address') return family !== 0 && entry.block.check(host, family === 6 ? 'ipv6' : 'ipv4');
    // A name never matches an IP literal by its digits: "0.0.1" is not a suffix of 127.0.0.1's name.
    return family === 0 && (host === entry.name || host.endsWith(`.${entry.name}`));
  });
}

function parseEntry(entry: string): NoProxyEntry | undefined {
  if (entry === '') return undefined;
  if (entry === '*') return { kind: 'all' };
  const { host, port } = splitPort(entry);
  if (port !== undefined && !(port > 0 && port < 65536)) return undefined;
  const [address, bits] = host.split('/', 2) as [string, string | undefined];
  const family = isIP(address);
  if (family !== 0) {
    const type = family === 6 ? 'ipv6' : 'ipv4';
    const block = new BlockList();
    if (bits === undefined) block.addAddress(address, type);
    else {
      const prefix = /^\d{1,3}$/.test(bits) ? Number(bits) : -1;
      if (prefix < 0 || prefix > (family === 6 ? 128 : 32)) return undefined;
      block.addSubnet(address, prefix, type);
    }
    return { kind: 'address', block, port };
  }
  if (bits !== undefined) return undefined; // a range of a name is nothing
  const name = host.replace(/^\*?\./, '').replace(/\.$/, '');
  return name === '' ? undefined : { kind: 'name', name, port };
}

/** `host:port`, `[v6]:port`, `[v6]`, or a bare IPv6 address (its colons are no port). */
function splitPort(entry: string): { host: string; port?: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] === undefined ? undefined : Number(bracketed[2]) };
  const colon = entry.lastIndexOf(':');
  if (colon < 0 || entry.indexOf(':') !== colon) return { host: entry };
  const port = entry.slice(colon + 1);
  return /^\d+$/.test(port) ? { host: entry.slice(0, colon), port: Number(port) } : { host: entry, port: -1 };
}

function bareHost(hostname: string): string {
  return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
}
