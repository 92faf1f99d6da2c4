// A stored connection and its password → the Reach the rest of the core dials with: the seeds, the address map
// (the profile's entries, else the announced address as it is), the credentials and TLS options built from the
// certificate files the profile names.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { UserError } from '../errors';
import { type AddressMap, type NodeAddress, parseAddress, type Reach } from '../client/reach';
import { asProfile, type ConnectionProfile, normalizeAddress, type TlsSettings } from './profile';

/** "ip:port" as CLUSTER NODES and MOVED write it; an IPv6 address comes without brackets, so the port is after the
 * last colon. */
export function parseAnnounced(announced: string): NodeAddress | undefined {
  const bracketed = parseAddress(announced);
  if (bracketed) return bracketed;
  const colon = announced.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const port = Number(announced.slice(colon + 1));
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { host: announced.slice(0, colon), port };
}

/** One spelling of an announced address, to compare map keys with what a cluster says. */
export function announcedKey(announced: string): string {
  const address = parseAnnounced(announced);
  return (address && normalizeAddress(address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`)) ?? announced;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

/** Where the profile's address map sends an announced address; undefined when the map has no entry for it. */
export function mappedAddress(profile: ConnectionProfile, announced: string): NodeAddress | undefined {
  const key = announcedKey(announced);
  for (const [from, to] of Object.entries(profile.addressMap)) {
    if (announcedKey(from) === key) return parseAddress(to);
  }
  return undefined;
}

/** Where this machine may dial an announced node: its map entry; else the announced address itself when the
 * profile vouches for it (a loopback address, a host one of the seeds is on, or "dial announced addresses" on);
 * else undefined: an address nobody said is reachable from here is not dialled. */
export function dialableAddress(profile: ConnectionProfile, announced: string): NodeAddress | undefined {
  const mapped = mappedAddress(profile, announced);
  if (mapped) return mapped;
  const address = parseAnnounced(announced);
  if (!address) return undefined;
  const seedHosts = new Set(profile.seeds.map((seed) => parseAddress(seed)?.host.toLowerCase()));
  const host = address.host.toLowerCase();
  return profile.dialAnnounced === true || isLoopback(host) || seedHosts.has(host) ? address : undefined;
}

/** The map a client follows redirects with: the profile's entries, else the announced address as it is. */
export function profileAddressMap(profile: ConnectionProfile): AddressMap {
  return (announced) => {
    const target = mappedAddress(profile, announced) ?? parseAnnounced(announced);
    if (!target) throw new UserError('invalidConnection', `The cluster announced "${announced}", which is not an address of the form ip:port.`);
    return target;
  };
}

type PemKind = 'CA certificate' | 'client certificate' | 'client key';

/** The file's text, checked to be what it is meant to be, or a UserError naming the file and what is wrong. */
function readPem(path: string, kind: PemKind): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist'
      : code === 'EACCES' || code === 'EPERM' ? 'cannot be read (permission denied)'
        : code === 'EISDIR' ? 'is a folder, not a file'
          : `cannot be read (${code ?? (error as Error).message})`;
    throw new UserError('invalidConnection', `The ${kind} file ${path} ${why}.`, `Point the connection's ${kind} at a readable PEM file.`);
  }
  try {
    if (kind === 'client key') createPrivateKey(text);
    else new X509Certificate(text);
  } catch {
    const encrypted = kind === 'client key' && /ENCRYPTED/.test(text);
    throw new UserError('invalidConnection',
      encrypted ? `The client key file ${path} is protected by a passphrase, which is not supported.`
        : `The ${kind} file ${path} does not hold a PEM ${kind === 'client key' ? 'private key' : 'certificate'}.`,
      encrypted ? 'Give a key file without a passphrase (openssl pkey -in KEY -out PLAIN_KEY), kept readable only by you.'
        : `Point the connection's ${kind} at the right PEM file.`);
  }
  return text;
}

/** The name certificates are checked against: the profile's server name; else the seeds' host when they share
 * one and it is a name, not an IP address (SNI carries no IP addresses); else none, and each connection checks the
 * host it dials. */
function serverNameFor(tls: TlsSettings, seeds: readonly NodeAddress[]): string | undefined {
  if (tls.serverName) return tls.serverName;
  const hosts = new Set(seeds.map((seed) => seed.host.toLowerCase()));
  const [only] = hosts;
  return hosts.size === 1 && isIP(only) === 0 ? only : undefined;
}

export function tlsOptions(tls: TlsSettings | undefined, seeds: readonly NodeAddress[]): ConnectionOptions | undefined {
  if (!tls?.enabled) return undefined;
  const options: ConnectionOptions = {};
  if (tls.ca) options.ca = readPem(tls.ca, 'CA certificate');
  if (tls.cert && tls.key) {
    options.cert = readPem(tls.cert, 'client certificate');
    options.key = readPem(tls.key, 'client key');
    if (!new X509Certificate(options.cert).checkPrivateKey(createPrivateKey(options.key))) {
      throw new UserError('invalidConnection', `The client key file ${tls.key} is not the key of the client certificate ${tls.cert}.`,
        'Give the key that was made with that certificate.');
    }
  }
  const servername = serverNameFor(tls, seeds);
  if (servername) options.servername = servername;
  if (tls.skipVerify) options.rejectUnauthorized = false;
  return options;
}

export function connectionReach(profile: ConnectionProfile, password: string): Reach {
  asProfile(profile);
  const seeds = profile.seeds.map((seed) => parseAddress(seed) as NodeAddress);
  const tls = tlsOptions(profile.tls, seeds);
  return {
    seeds,
    map: profileAddressMap(profile),
    credentials: { ...(profile.username === undefined ? {} : { username: profile.username }), password },
    ...(tls ? { tls } : {}),
  };
}
