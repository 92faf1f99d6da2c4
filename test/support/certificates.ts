// Throwaway certificates made by openssl for the TLS engine test: a CA, a server certificate for 127.0.0.1 and a
// client certificate, both signed by it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runChecked } from './processes';

export interface CertificateAuthority {
  readonly directory: string;
  /** Paths of the CA certificate and its key. */
  readonly ca: string;
  readonly caKey: string;
}

export async function makeCertificateAuthority(directory: string, name: string): Promise<CertificateAuthority> {
  mkdirSync(directory, { recursive: true });
  const ca = join(directory, 'ca.pem');
  const caKey = join(directory, 'ca-key.pem');
  await runChecked('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', `/CN=${name}`, '-keyout', caKey, '-out', ca]);
  return { directory, ca, caKey };
}

/** Writes <name>.pem and <name>-key.pem signed by the CA; a server certificate is for IP 127.0.0.1. */
export async function issueCertificate(authority: CertificateAuthority, name: string, use: 'server' | 'client'): Promise<{ cert: string; key: string }> {
  const cert = join(authority.directory, `${name}.pem`);
  const key = join(authority.directory, `${name}-key.pem`);
  const request = join(authority.directory, `${name}.csr`);
  const extensions = join(authority.directory, `${name}.ext`);
  writeFileSync(extensions, use === 'server' ? 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' : 'extendedKeyUsage=clientAuth\n');
  await runChecked('openssl', ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=${name}`, '-keyout', key, '-out', request]);
  await runChecked('openssl', ['x509', '-req', '-in', request, '-CA', authority.ca, '-CAkey', authority.caKey, '-CAcreateserial', '-days', '2',
    '-extfile', extensions, '-out', cert]);
  return { cert, key };
}
