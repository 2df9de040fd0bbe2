/**
 * How one origin is reached through a proxy, as plain data: decided on the main thread, carried by
 * every part task so each worker's sessions dial the same proxy. The credentials never sit in a URL
 * here, only in `authorization`: anything that prints a route prints `proxy`, which holds none.
 */
export interface ProxyRoute {
  /** The proxy's origin, e.g. `http://proxy.corp:3128`: no user name, no password. */
  proxy: string;
  /** `Basic ...`, from the proxy URL's user info, sent as Proxy-Authorization. */
  authorization?: string;
}

/**
 * What the `proxy` option asks for: a proxy URL (overriding the environment), `false` (no proxy,
 * whatever the environment says), or undefined (the environment decides, as curl reads it).
 */
export type ProxyOption = string | false | undefined;
