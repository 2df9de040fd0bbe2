import type * as Undici from 'undici';
import { buildConnector } from '../http/undici-parts.js';
import { openTunnel } from './open-tunnel.js';
import type { ProxyRoute, StoreTrust } from './proxy-route.js';

/**
 * An undici connector (the `connect` option of a Client) that reaches the store through a CONNECT
 * tunnel and then does what undici's own connector does, TLS with ALPN offering h2 where
 * `allowH2`, inside the tunnel (undici's connector takes the tunnel as `httpSocket`). The Client on
 * top is the same as without a proxy: one tunnel per connection it opens, and every reconnect
 * dials a new one. This is what undici's ProxyAgent does inside, without the Agent and Pool around
 * it that would take the Client's shape and its events away (docs/architecture.md, "Proxies").
 */
export function tunnelConnector(route: ProxyRoute, tls: StoreTrust, allowH2: boolean): Undici.buildConnector.connector {
  const overTunnel = buildConnector({ ca: tls.ca, rejectUnauthorized: tls.rejectUnauthorized, allowH2 });
  return (options, callback) => {
    const port = Number(options.port || (options.protocol === 'https:' ? 443 : 80));
    openTunnel(route, options.hostname, port).then(
      (tunnel) => {
        if (options.protocol !== 'https:') return callback(null, tunnel);
        overTunnel({ ...options, httpSocket: tunnel }, (...args) => {
          if (args[0]) tunnel.destroy();
          callback(...args);
        });
      },
      (error: Error) => callback(error, null),
    );
  };
}
