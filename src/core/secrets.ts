// The cluster password on disk: the two secret files the containers mount, in a folder (0700) only the user can
// enter. The password never goes anywhere else.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretFiles } from './settings';
import type { NodeEndpoint } from './compose/plan';

/** 32 random bytes as base64url: 43 characters, no quoting needed anywhere. */
export function generatePassword(): string {
  return randomBytes(32).toString('base64url');
}

export function passwordProblem(password: string): string | undefined {
  if (password.length < 8) return 'The password must have at least 8 characters.';
  if (password.length > 512) return 'The password must have at most 512 characters.';
  if (/[\x00-\x1f\x7f\s]/.test(password)) return 'The password must not contain spaces or control characters.';
  return undefined;
}

function writeWithMode(path: string, content: string, mode: number): void {
  writeFileSync(path, content, { mode });
  chmodSync(path, mode); // an existing file keeps its old mode otherwise
}

export function secretFilePaths(directory: string): SecretFiles {
  return { passwordFile: join(directory, 'valkey_password'), exporterAuthFile: join(directory, 'valkey_exporter_auth.json') };
}

/** The password in the cluster's secret file: the one it was started with (and starts with next). Undefined when
 * there is no file, or it holds nothing a node would accept. */
export function readPasswordFile(directory: string): string | undefined {
  try {
    const password = readFileSync(secretFilePaths(directory).passwordFile, 'utf8');
    return passwordProblem(password) ? undefined : password;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Makes `password` the cluster's unless its secret file already holds one: the file is created exclusively, so of
 * two clients (or windows) asking at once exactly one writes it. Returns the password the file holds. */
export function claimPasswordFile(directory: string, password: string): string {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const path = secretFilePaths(directory).passwordFile;
  try {
    writeFileSync(path, password, { mode: 0o600, flag: 'wx' });
    return password;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const existing = readPasswordFile(directory);
  if (existing) return existing;
  writeWithMode(path, password, 0o600); // an empty or broken file is no cluster's password
  return password;
}

/** Replaces the cluster's password (Set Password): the nodes take it when they next start. */
export function replacePasswordFile(directory: string, password: string): void {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  writeWithMode(secretFilePaths(directory).passwordFile, password, 0o600);
}

/** Writes the node password and the exporter's URI→password map (redis_exporter's only file format). */
export function writeSecretFiles(directory: string, password: string, nodes: readonly NodeEndpoint[]): SecretFiles {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const files = secretFilePaths(directory);
  writeWithMode(files.passwordFile, password, 0o600);
  // The official exporter image runs as a non-root user, which must be able to read its bind-mounted file;
  // on the host the 0700 folder keeps other users out.
  const exporterAuth = JSON.stringify(Object.fromEntries(nodes.map((node) => [`redis://${node.announcedAddress}`, password])));
  writeWithMode(files.exporterAuthFile, exporterAuth, 0o644);
  return files;
}
