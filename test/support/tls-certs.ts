// Certificates for TLS tests, made with the openssl command in a fresh 0700 folder: a CA, a server certificate
// for 127.0.0.1 and localhost, a client certificate, an expired server certificate and a second, unrelated CA.
// Keys are 0600. Nothing here is trusted by anything but the tests that name these files.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  readonly directory: string;
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  /** Signed by the same CA, valid for the same names, but its notAfter is a day before its notBefore. */
  readonly expiredServerCert: string;
  readonly expiredServerKey: string;
  /** A CA that signed none of the above: trusting only it must fail verification. */
  readonly otherCaCert: string;
  remove(): void;
}

const OPENSSL_TIMEOUT_MS = 20_000;

function openssl(directory: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: directory, stdio: 'pipe', timeout: OPENSSL_TIMEOUT_MS });
}

function makeCa(directory: string, name: string): void {
  openssl(directory, [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=${name} test CA`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
}

/** A key and a certificate signed by `ca`, valid for `days` (negative: already expired). */
function makeLeaf(directory: string, name: string, ca: string, days: number, extensions: string): void {
  writeFileSync(join(directory, `${name}.ext`), extensions);
  openssl(directory, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
  openssl(directory, [
    'x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial',
    '-out', `${name}.crt`, '-days', String(days), '-extfile', `${name}.ext`,
  ]);
}

export function makeTestCertificates(): TestCertificates {
  const directory = mkdtempSync(join(tmpdir(), 'valkey-conn-tls-'));
  chmodSync(directory, 0o700);
  const serverNames = 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n';
  makeCa(directory, 'ca');
  makeCa(directory, 'other-ca');
  makeLeaf(directory, 'server', 'ca', 2, serverNames);
  makeLeaf(directory, 'expired-server', 'ca', -1, serverNames);
  makeLeaf(directory, 'client', 'ca', 2, 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n');
  for (const file of readdirSync(directory)) {
    chmodSync(join(directory, file), file.endsWith('.key') ? 0o600 : 0o644);
  }
  const at = (file: string) => join(directory, file);
  return {
    directory,
    caCert: at('ca.crt'),
    serverCert: at('server.crt'),
    serverKey: at('server.key'),
    clientCert: at('client.crt'),
    clientKey: at('client.key'),
    expiredServerCert: at('expired-server.crt'),
    expiredServerKey: at('expired-server.key'),
    otherCaCert: at('other-ca.crt'),
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}
