import { isIP } from 'node:net';
import selfsigned from 'selfsigned';

export interface Certificate {
  cert: string;
  key: string;
}

/**
 * A fresh self-signed certificate for the emulator's TLS port (EC P-256: generated in milliseconds).
 * Clients trust it by passing the certificate itself as their CA; nothing is installed system-wide.
 */
export async function makeCertificate(host: string): Promise<Certificate> {
  const names = new Set(['localhost', '127.0.0.1', '::1', host]);
  const altNames = [...names].map((name) => (isIP(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name }));
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'partpush emulator' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 30 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
