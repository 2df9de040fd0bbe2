/** The host to dial for a URL: its hostname, with an IPv6 address out of the brackets a URL writes it in. */
export function dialHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}
