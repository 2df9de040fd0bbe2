import { Agent, type RequestOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { isIP } from 'node:net';
import { openTunnel } from './open-tunnel.js';
import { proxyFor } from './proxy-for.js';
import type { ProxyOption } from './proxy-route.js';

/**
 * The https.Agent for credential traffic (Google's OAuth token endpoint, AWS STS and SSO), which
 * goes through the proxy by the same rules as the upload: the `proxy` option, the environment,
 * NO_PROXY. Decided per host as each connection opens, so one agent serves every endpoint a
 * credential chain calls. The link-local metadata servers (GCE's, EC2's IMDS, ECS's) are reached
 * by their SDKs over plain http without this agent, and the SDKs are told to keep them direct
 * (auth/credential-source.ts): a proxy cannot reach a machine's own link-local address.
 */
export class CredentialAgent extends Agent {
  readonly #option: ProxyOption;
  readonly #env: NodeJS.ProcessEnv;
  readonly #proxyCa: string | undefined;

  constructor(option: ProxyOption, env: NodeJS.ProcessEnv, proxyCa?: string) {
    super({ keepAlive: true });
    this.#option = option;
    this.#env = env;
    this.#proxyCa = proxyCa;
  }

  override createConnection(options: RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const host = options.host ?? options.hostname ?? 'localhost';
    const port = Number(options.port || 443);
    const route = proxyFor(`https://${isIP(host) === 6 ? `[${host}]` : host}:${port}`, this.#option, this.#env, this.#proxyCa);
    if (!route || !callback) return super.createConnection(options, callback);
    openTunnel(route, host, port).then(
      (tunnel) => {
        // Handed over at once, as a direct connection is: the request writes once TLS is up, and
        // a TLS failure reaches it as the socket's error.
        callback(null, tlsConnect({ ...(options as object), socket: tunnel, servername: isIP(host) ? undefined : host }));
      },
      (error: Error) => callback(error, undefined as unknown as Duplex),
    );
    return undefined;
  }
}
