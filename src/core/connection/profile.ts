// A connection to a Valkey server or cluster someone else runs, as plain data that can be stored anywhere that
// is not secret: the password is never part of a profile (nor of a connection URL); it lives in secret storage.
import { UserError } from '../errors';
import { formatAddress, type NodeAddress, parseAddress } from '../client/reach';

export interface TlsSettings {
  /** Off keeps the other fields, so turning TLS back on restores them. */
  readonly enabled: boolean;
  /** Absolute path of the PEM CA certificate(s) that signed the servers' certificates; absent: the system's CAs. */
  readonly ca?: string;
  /** Absolute paths of the PEM client certificate and its key, for servers that ask for one. */
  readonly cert?: string;
  readonly key?: string;
  /** Name the servers' certificates are checked against, when it is not the host that is dialled. */
  readonly serverName?: string;
  /** Encrypt without checking the server certificate at all. */
  readonly skipVerify?: boolean;
}

export interface ConnectionProfile {
  readonly id: string;
  readonly label: string;
  /** "host:port" of nodes to start from, tried in order. */
  readonly seeds: readonly string[];
  /** ACL user; absent: the default user. */
  readonly username?: string;
  readonly tls?: TlsSettings;
  /** Announced "ip:port" (what CLUSTER NODES and MOVED say) → "host:port" to dial from this machine instead. */
  readonly addressMap: Readonly<Record<string, string>>;
  /** Announced addresses the map does not cover may be dialled as they are: the nodes' own addresses are
   * reachable from this machine. Off: only the seeds' hosts, loopback and mapped addresses are dialled. */
  readonly dialAnnounced?: boolean;
  /** Refuse commands that write or reconfigure. */
  readonly readOnly: boolean;
}

/** What a connection URL says: where, as whom, with or without TLS. */
export interface ConnectionUrlParts {
  readonly seeds: string[];
  readonly username?: string;
  readonly tls?: TlsSettings;
}

const SCHEMES: Record<string, boolean> = { 'valkey:': false, 'redis:': false, 'valkeys:': true, 'rediss:': true };
const DEFAULT_PORT = 6379;
const TLS_FILE_FIELDS = [['ca', 'CA certificate'], ['cert', 'client certificate'], ['key', 'client key']] as const;

/** "host:port" written the one way, so "LOCALHOST:6379" and "localhost:6379" are the same seed. */
export function normalizeAddress(text: string): string | undefined {
  const address = parseAddress(text);
  return address && formatAddress({ host: address.host.toLowerCase(), port: address.port });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

function seedProblems(seeds: unknown): string[] {
  if (!Array.isArray(seeds) || seeds.length === 0) return ['Give at least one seed address (host:port) to start from.'];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const seed of seeds) {
    const normalized = typeof seed === 'string' ? normalizeAddress(seed) : undefined;
    if (normalized === undefined) {
      problems.push(`Seed "${String(seed)}" is not an address of the form host:port (for example 10.0.0.5:6379 or [::1]:6379).`);
    } else if (seen.has(normalized)) {
      problems.push(`Seed ${normalized} is listed more than once.`);
    } else {
      seen.add(normalized);
    }
  }
  return problems;
}

function tlsProblems(tls: unknown): string[] {
  if (tls === undefined) return [];
  if (!isRecord(tls)) return ['The TLS settings must be an object.'];
  const problems: string[] = [];
  if (typeof tls.enabled !== 'boolean') problems.push('Say whether TLS is on (enabled: true or false).');
  for (const [field, what] of TLS_FILE_FIELDS) {
    const path = tls[field];
    if (path === undefined) continue;
    if (typeof path !== 'string' || !isAbsolutePath(path)) problems.push(`The ${what} file must be an absolute path, not "${String(path)}".`);
  }
  if (tls.cert !== undefined && tls.key === undefined) problems.push('A client certificate needs its key: give the client key file too.');
  if (tls.key !== undefined && tls.cert === undefined) problems.push('A client key needs its certificate: give the client certificate file too.');
  if (tls.serverName !== undefined && (typeof tls.serverName !== 'string' || !/^[A-Za-z0-9.-]+$/.test(tls.serverName))) {
    problems.push(`The TLS server name "${String(tls.serverName)}" is not a host name.`);
  }
  if (tls.skipVerify !== undefined && typeof tls.skipVerify !== 'boolean') problems.push('Skip certificate verification must be true or false.');
  if (tls.enabled === false) {
    const set = [
      ...TLS_FILE_FIELDS.filter(([field]) => tls[field] !== undefined).map(([, what]) => what),
      ...(tls.serverName !== undefined ? ['server name'] : []),
      ...(tls.skipVerify === true ? ['skip certificate verification'] : []),
    ];
    if (set.length > 0) problems.push(`TLS is off, yet ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set: turn TLS on or clear ${set.length === 1 ? 'it' : 'them'}.`);
  }
  return problems;
}

function addressMapProblems(map: unknown): string[] {
  if (!isRecord(map)) return ['The address map must be an object of announced "ip:port" to reachable "host:port".'];
  const problems: string[] = [];
  const targets = new Map<string, string>();
  for (const [announced, target] of Object.entries(map)) {
    const from = normalizeAddress(announced);
    if (from === undefined) problems.push(`Address map entry "${announced}" is not an announced address of the form ip:port.`);
    const to = typeof target === 'string' ? normalizeAddress(target) : undefined;
    if (to === undefined) {
      problems.push(`Address map entry ${announced} → "${String(target)}": the target is not an address of the form host:port.`);
      continue;
    }
    const earlier = targets.get(to);
    if (earlier !== undefined) problems.push(`Address map entries ${earlier} and ${announced} both lead to ${to}: each node needs its own address.`);
    else targets.set(to, announced);
  }
  return problems;
}

/** Every problem with a profile (stored data is checked as it is read, so it may be of any shape), one sentence
 * each; empty when it can be used. */
export function profileProblems(value: unknown): string[] {
  if (!isRecord(value)) return ['A connection must be an object.'];
  const problems: string[] = [];
  if (typeof value.id !== 'string' || value.id.trim() === '') problems.push('The connection has no id.');
  if (typeof value.label !== 'string' || value.label.trim() === '') problems.push('Give the connection a name.');
  problems.push(...seedProblems(value.seeds));
  if (value.username !== undefined && (typeof value.username !== 'string' || !/^[^\s\x00-\x1f]+$/.test(value.username))) {
    problems.push('The user name must not be empty or contain spaces; leave it out to use the default user.');
  }
  problems.push(...tlsProblems(value.tls));
  problems.push(...addressMapProblems(value.addressMap));
  if (value.dialAnnounced !== undefined && typeof value.dialAnnounced !== 'boolean') problems.push('"Dial announced addresses" must be true or false.');
  if (typeof value.readOnly !== 'boolean') problems.push('Read-only must be true or false.');
  return problems;
}

/** The profile, or a UserError listing every problem. */
export function asProfile(value: unknown): ConnectionProfile {
  const problems = profileProblems(value);
  if (problems.length > 0) {
    throw new UserError('invalidConnection', `This connection cannot be used: ${problems.join(' ')}`, 'Edit the connection and fix what is listed.');
  }
  return value as ConnectionProfile;
}

function urlError(message: string): UserError {
  return new UserError('invalidConnection', message, 'Write it as valkey://[user@]host:port[,host:port…] (valkeys:// for TLS).');
}

/** "valkey[s]://[user@]host[:port][,host[:port]…][/0]" (redis:// and rediss:// too) → its parts. The password
 * never goes in a URL: one that has it is refused without repeating it. */
export function parseConnectionUrl(text: string): ConnectionUrlParts {
  const match = /^([a-z]+:)\/\/(?:([^@/?#]*)@)?([^/?#]*)(\/[^?#]*)?(\?[^#]*)?(#.*)?$/i.exec(text.trim());
  if (!match) throw urlError('This is not a connection URL.');
  const [, rawScheme, userInfo, hostList, path, query, fragment] = match;
  const scheme = rawScheme.toLowerCase();
  if (!(scheme in SCHEMES)) throw urlError(`A connection URL starts with valkey://, valkeys://, redis:// or rediss://, not ${scheme}//.`);
  if (userInfo !== undefined && userInfo.includes(':')) {
    throw new UserError('invalidConnection',
      'The URL contains a password. A password is never kept in a connection URL or in the connection\'s settings.',
      'Remove ":" and the password after the user name, and give the password on its own.');
  }
  if (query !== undefined || fragment !== undefined) throw urlError('A connection URL takes no "?" options or "#" part.');
  if (path !== undefined && path !== '/' && path !== '/0') throw urlError(`"${path}" selects a database; a cluster has only database 0.`);
  let username: string | undefined;
  if (userInfo !== undefined) {
    try {
      username = decodeURIComponent(userInfo);
    } catch {
      throw urlError(`The user name "${userInfo}" has a broken %-escape.`);
    }
    if (username === '') throw urlError('The user name before "@" is empty: leave out "@" to use the default user.');
  }
  const seeds: string[] = [];
  for (const item of hostList.split(',')) {
    if (item === '') throw urlError('The URL names no host, or has an empty entry between commas.');
    const withPort = /:\d+$/.test(item) ? item : `${item}:${DEFAULT_PORT}`;
    const address: NodeAddress | undefined = parseAddress(withPort);
    if (!address) throw urlError(`"${item}" is not a host with an optional port (1-65535).`);
    seeds.push(formatAddress(address));
  }
  const problems = seedProblems(seeds);
  if (problems.length > 0) throw urlError(problems.join(' '));
  return { seeds, ...(username === undefined ? {} : { username }), ...(SCHEMES[scheme] ? { tls: { enabled: true } } : {}) };
}
