import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';
import selfsigned from 'selfsigned';

export interface RunningTlsFront {
  /** https://127.0.0.1:PORT: a proxy URL whose TLS ends here and whose bytes go on to the backend. */
  url: string;
  /** PEM of the self-signed certificate the front presents: the CA to trust it with. */
  ca: string;
  /** TLS handshakes completed so far: the witness that clients spoke TLS to the proxy. */
  handshakes: () => number;
  stop: () => Promise<void>;
}

/**
 * A TLS front for a plain-TCP proxy (Squid on loopback speaks cleartext): it ends TLS and pipes
 * the bytes both ways to `backendPort`, which makes Squid an `https://` proxy, as a company's TLS
 * proxy or stunnel in front of Squid would be. Its certificate is made at start, for 127.0.0.1
 * and localhost, and trusted by nothing unless a client is given `ca`.
 */
export async function startTlsFront(backendPort: number): Promise<RunningTlsFront> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'partpush test proxy' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  let handshakes = 0;
  const open = new Set<TLSSocket>();
  const server = createServer({ key: pems.private, cert: pems.cert }, (client) => {
    handshakes += 1;
    open.add(client);
    const backend = connect(backendPort, '127.0.0.1');
    client.pipe(backend).pipe(client);
    const close = () => {
      open.delete(client);
      client.destroy();
      backend.destroy();
    };
    client.once('error', close).once('close', close);
    backend.once('error', close).once('close', close);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ca: pems.cert,
    handshakes: () => handshakes,
    async stop() {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
