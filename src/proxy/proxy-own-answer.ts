type Headers = Record<string, string | string[] | undefined>;

/**
 * Whether an answer to a proxied request is the proxy's own (its rules refused the request, or it
 * could not reach the store), not the store's relayed through it, and the proxy's words if so.
 * A proxy's 403 looks like a store's 403 otherwise, and a store's 403 relayed by a proxy carries
 * the proxy's Via too, so only these tell them apart: Squid marks every answer it makes itself
 * with `X-Squid-Error` (e.g. `ERR_ACCESS_DENIED 0`), and RFC 9209's `Proxy-Status` names the
 * proxy and its `error=` where the proxy made the answer (a relayed answer has no `error`).
 */
export function proxysOwnAnswer(headers: Headers): string | undefined {
  const squid = first(headers['x-squid-error']);
  if (squid) return `X-Squid-Error: ${squid}`;
  const status = first(headers['proxy-status']);
  if (status && /(^|;)\s*error=/i.test(status)) return `Proxy-Status: ${status}`;
  return undefined;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
