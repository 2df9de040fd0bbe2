import type * as Undici from 'undici';
import { buildConnector } from '../http/undici-parts.js';
import type { ProxyRoute, StoreTrust } from './proxy-route.js';
import { tunnelConnector } from './tunnel-connector.js';

/** The connector for a store's sessions: undici's own, or the same inside a tunnel through `proxy`. */
export function storeConnector(tls: StoreTrust, allowH2: boolean, proxy: ProxyRoute | undefined): Undici.buildConnector.connector {
  return proxy ? tunnelConnector(proxy, tls, allowH2) : buildConnector({ ca: tls.ca, rejectUnauthorized: tls.rejectUnauthorized, allowH2 });
}

/** A key telling routes apart (credentials and the proxy's CA included: another user is another route), never printed. */
export function routeKey(proxy: ProxyRoute | undefined): string {
  return proxy ? `${proxy.proxy} ${proxy.authorization ?? ''} ${proxy.ca ?? ''}` : '';
}
