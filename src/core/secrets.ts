// The cluster password on disk: the two secret files the containers mount, in a folder (0700) only the user can
// enter. The password never goes anywhere else.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
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
