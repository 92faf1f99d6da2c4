// A real OpenSSH server for the remote-engine tests: Debian's sshd in the foreground with its own configuration,
// host key and authorised user key, all in a temporary folder, listening on 127.0.0.1 only, allowing root by key.
// scripts/setup-remote.sh installs it.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accepts, freePort, runChecked, stopProcess, waitFor } from './processes';

export const SSHD = '/usr/sbin/sshd';

export interface Sshd {
  readonly port: number;
  /** The private key root may log in with (unencrypted, 0600). */
  readonly keyPath: string;
  /** A known_hosts line for 127.0.0.1:port with the server's host key. */
  readonly knownHostsLine: string;
  /** `ssh-keygen -lf` of the host key, e.g. "SHA256:…". */
  readonly hostKeyFingerprint: string;
  stop(): Promise<void>;
}

export async function startSshd(): Promise<Sshd> {
  if (!existsSync(SSHD)) throw new Error(`${SSHD} is missing: run scripts/setup-remote.sh first.`);
  const directory = mkdtempSync(join(tmpdir(), 'valkey-sshd-'));
  const hostKey = join(directory, 'host_key');
  const userKey = join(directory, 'user_key');
  await runChecked('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'valkey-test-host', '-f', hostKey]);
  await runChecked('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'valkey-test-user', '-f', userKey]);
  const authorizedKeys = join(directory, 'authorized_keys');
  writeFileSync(authorizedKeys, readFileSync(`${userKey}.pub`), { mode: 0o600 });
  const port = await freePort();
  const config = join(directory, 'sshd_config');
  writeFileSync(config, [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${hostKey}`,
    `AuthorizedKeysFile ${authorizedKeys}`,
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    // The temporary folder is not root's home; its permissions are the test's business.
    'StrictModes no',
    'AllowTcpForwarding yes',
    'PidFile none',
    'LogLevel VERBOSE',
    '',
  ].join('\n'));
  const hostPublicKey = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  const hostKeyFingerprint = (await runChecked('ssh-keygen', ['-lf', `${hostKey}.pub`])).split(/\s+/)[1];

  // sshd re-executes itself, so it must be started by absolute path; -D keeps it in the foreground, -e logs to stderr.
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (chunk) => (log += chunk));
  const stop = async () => {
    await stopProcess(child);
    rmSync(directory, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}: ${log.trim()}`);
      return accepts(port);
    }, 10_000, () => `sshd did not accept connections on 127.0.0.1:${port} within 10 s: ${log.trim()}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, keyPath: userKey, knownHostsLine: `[127.0.0.1]:${port} ${hostPublicKey}`, hostKeyFingerprint, stop };
}
