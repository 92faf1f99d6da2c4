// OpenSSH known_hosts, read the way ssh reads it, so an SSH engine is trusted only when its host key is the one on
// record: plain and hashed (|1|salt|hash) host names, "[host]:port" for other ports than 22, * and ? wildcards,
// !negations, and @revoked keys. @cert-authority lines are not supported and are skipped.
import { createHash, createHmac } from 'node:crypto';
import type { ServerHostKeyAlgorithm } from 'ssh2';

export interface KnownHostKey {
  /** Key type as written, e.g. "ssh-ed25519". */
  readonly type: string;
  readonly blob: Buffer;
  readonly revoked: boolean;
}

export type HostKeyVerdict = 'trusted' | 'unknown' | 'changed' | 'revoked';

/** The keys that `text` (a known_hosts file) records for host:port. */
export function knownHostKeys(text: string, host: string, port: number): KnownHostKey[] {
  const name = port === 22 ? host : `[${host}]:${port}`;
  const keys: KnownHostKey[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    const marker = fields[0].startsWith('@') ? fields.shift() : undefined;
    if (marker !== undefined && marker !== '@revoked') continue;
    const [patterns, type, base64] = fields;
    if (!patterns || !type || !base64 || !hostMatches(patterns, name)) continue;
    keys.push({ type, blob: Buffer.from(base64, 'base64'), revoked: marker === '@revoked' });
  }
  return keys;
}

export function verifyHostKey(known: readonly KnownHostKey[], presented: Buffer): HostKeyVerdict {
  if (known.some((key) => key.revoked && key.blob.equals(presented))) return 'revoked';
  const trusted = known.filter((key) => !key.revoked);
  if (trusted.length === 0) return 'unknown';
  return trusted.some((key) => key.blob.equals(presented)) ? 'trusted' : 'changed';
}

/** Host key algorithms for the key types on record, to ask the server for those first (as ssh does). */
export function preferredHostKeyAlgorithms(known: readonly KnownHostKey[]): ServerHostKeyAlgorithm[] {
  const algorithms = known.filter((key) => !key.revoked).flatMap((key) => HOST_KEY_ALGORITHMS[key.type] ?? []);
  return [...new Set(algorithms)];
}

const HOST_KEY_ALGORITHMS: Readonly<Record<string, readonly ServerHostKeyAlgorithm[]>> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

/** "SHA256:…" as `ssh-keygen -lf` prints it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type inside an SSH public key blob (its first length-prefixed string). */
export function keyType(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  return blob.length >= 4 + length ? blob.subarray(4, 4 + length).toString('latin1') : 'unknown';
}

function hostMatches(patterns: string, name: string): boolean {
  if (patterns.startsWith('|1|')) return hashedMatches(patterns, name);
  let matched = false;
  for (const pattern of patterns.split(',')) {
    const negated = pattern.startsWith('!');
    if (!globMatches(negated ? pattern.slice(1) : pattern, name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function hashedMatches(entry: string, name: string): boolean {
  const [, , salt, hash] = entry.split('|');
  if (!salt || !hash) return false;
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
}

function globMatches(pattern: string, name: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern.toLowerCase() === name.toLowerCase();
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i').test(name);
}
