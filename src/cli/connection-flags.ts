// A cluster someone else runs, named on the command line: --url valkey[s]://[user@]host:port[,host:port…] with the
// TLS files and address map as flags. The password never is a flag: VALKEY_PASSWORD or --password-file.
import { type ConnectionProfile, asProfile, parseConnectionUrl } from '../core/connection/profile';
import { UserError } from '../core/errors';

export interface ConnectionFlags {
  readonly url: string;
  readonly 'tls-ca'?: string;
  readonly 'tls-cert'?: string;
  readonly 'tls-key'?: string;
  readonly 'tls-server-name'?: string;
  readonly 'tls-insecure'?: boolean;
  /** "announced=host:port", repeatable. */
  readonly map?: readonly string[];
  readonly 'read-only'?: boolean;
}

function addressMap(entries: readonly string[]): Record<string, string> {
  return Object.fromEntries(entries.map((entry) => {
    const equals = entry.indexOf('=');
    if (equals <= 0) throw new UserError('invalidConnection', `--map "${entry}" is not announced=host:port.`, 'Write each map entry as --map 10.0.0.5:6379=127.0.0.1:7000.');
    return [entry.slice(0, equals), entry.slice(equals + 1)];
  }));
}

export function profileFromFlags(flags: ConnectionFlags): ConnectionProfile {
  const parts = parseConnectionUrl(flags.url);
  const tlsFiles = flags['tls-ca'] !== undefined || flags['tls-cert'] !== undefined || flags['tls-key'] !== undefined;
  const tlsWanted = parts.tls?.enabled === true || tlsFiles || flags['tls-insecure'] === true || flags['tls-server-name'] !== undefined;
  if (tlsWanted && parts.tls?.enabled !== true) {
    throw new UserError('invalidConnection', 'TLS flags were given with a plain valkey:// URL.', 'Use valkeys:// (or rediss://) to connect with TLS.');
  }
  return asProfile({
    id: 'command-line',
    label: flags.url,
    seeds: parts.seeds,
    ...(parts.username === undefined ? {} : { username: parts.username }),
    ...(tlsWanted ? {
      tls: {
        enabled: true,
        ...(flags['tls-ca'] === undefined ? {} : { ca: flags['tls-ca'] }),
        ...(flags['tls-cert'] === undefined ? {} : { cert: flags['tls-cert'] }),
        ...(flags['tls-key'] === undefined ? {} : { key: flags['tls-key'] }),
        ...(flags['tls-server-name'] === undefined ? {} : { serverName: flags['tls-server-name'] }),
        ...(flags['tls-insecure'] ? { skipVerify: true } : {}),
      },
    } : {}),
    addressMap: addressMap(flags.map ?? []),
    readOnly: flags['read-only'] === true,
  });
}
