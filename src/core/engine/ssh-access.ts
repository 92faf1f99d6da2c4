// How this machine logs in to an ssh:// engine host, shared by the Docker client (docker-modem runs
// `docker system dial-stdio` over it) and the port forwarder: ssh-agent from SSH_AUTH_SOCK and the first usable
// key of ~/.ssh/id_ed25519, id_ecdsa, id_rsa; the host key must be the one in known_hosts, as ssh requires when it
// cannot ask. ~/.ssh/config is not read.
import { join } from 'node:path';
import { type ConnectConfig, utils } from 'ssh2';
import { UserError } from '../errors';
import type { EngineInputs } from './engine-inputs';
import { fingerprint, keyType, type KnownHostKey, knownHostKeys, preferredHostKeyAlgorithms, verifyHostKey } from './known-hosts';

export interface SshEndpoint {
  readonly host: string;
  readonly port: number;
  /** undefined: the local login name. */
  readonly username?: string;
}

/** The SSH handshake (TCP connect, key exchange, login) ends within this. */
export const SSH_READY_TIMEOUT_MS = 20_000;
const KEY_FILES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];
const WINDOWS_AGENT_PIPE = '\\\\.\\pipe\\openssh-ssh-agent';

export class SshAccess {
  /** "user@host:port", for messages. */
  readonly target: string;
  /** The ssh command that logs in the same way, for advice. */
  private readonly sshCommand: string;
  /** Everything ssh2's Client.connect needs. */
  readonly config: ConnectConfig;
  private readonly offered: string[] = [];
  private readonly knownHostsFiles: string[];
  private readonly known: KnownHostKey[];
  /** Why the last host key was refused; ssh2 itself only says "Host denied". */
  private hostKeyProblem: UserError | undefined;

  constructor(private readonly endpoint: SshEndpoint, inputs: EngineInputs, readyTimeoutMs = SSH_READY_TIMEOUT_MS) {
    const username = endpoint.username || inputs.user;
    if (!username) {
      throw new UserError('invalidSettings', `The SSH engine address for ${endpoint.host} names no user and the local account has no name.`,
        'Write the user into the address: ssh://USER@host.');
    }
    this.target = `${username}@${endpoint.host}:${endpoint.port}`;
    this.sshCommand = `ssh -p ${endpoint.port} ${username}@${endpoint.host}`;
    this.knownHostsFiles = [join(inputs.home, '.ssh', 'known_hosts'), ...(inputs.platform === 'win32' ? [] : ['/etc/ssh/ssh_known_hosts'])];
    this.known = this.knownHostsFiles.filter(inputs.exists).flatMap((path) => knownHostKeys(readOrEmpty(inputs, path), endpoint.host, endpoint.port));
    // Windows' OpenSSH agent service listens on a fixed pipe and sets no SSH_AUTH_SOCK.
    const agent = inputs.env.SSH_AUTH_SOCK || (inputs.platform === 'win32' ? WINDOWS_AGENT_PIPE : undefined);
    if (agent) this.offered.push(`the keys in ssh-agent (${agent})`);
    const privateKey = this.firstUsableKey(inputs, Boolean(agent));
    const preferred = preferredHostKeyAlgorithms(this.known);
    this.config = {
      host: endpoint.host,
      port: endpoint.port,
      username,
      agent,
      privateKey,
      readyTimeout: readyTimeoutMs,
      // A forward may stay open for hours: notice a dead peer instead of hanging.
      keepaliveInterval: 15_000,
      keepaliveCountMax: 3,
      hostVerifier: (key: Buffer) => this.acceptHostKey(key),
      // ssh2 applies these in key order: take the recorded types out of the default list, then put them first.
      ...(preferred.length > 0 ? { algorithms: { serverHostKey: { remove: preferred, prepend: preferred, append: [] } } } : {}),
    };
  }

  /** A clear UserError for a failed SSH connection, login or channel. */
  explain(error: unknown): UserError {
    // A refused host key surfaces from ssh2 as a bare "Host denied": report what the verifier found, once.
    const hostKeyProblem = this.hostKeyProblem;
    this.hostKeyProblem = undefined;
    if (hostKeyProblem) return hostKeyProblem;
    const failure = error as (Error & { level?: string; code?: string }) | undefined;
    const message = failure?.message ?? String(error);
    const { host, port } = this.endpoint;
    const unreachable = (what: string, action: string) => new UserError('engineUnreachable', what, action);
    if (failure?.level === 'client-authentication') {
      return unreachable(`The SSH login ${this.target} was refused: the server accepted no key offered (${this.offered.join('; ')}).`,
        'Add your public key to that user\'s ~/.ssh/authorized_keys on the engine host, or load the right key into ssh-agent with ssh-add, then try again.');
    }
    if (failure?.level === 'client-timeout') {
      return unreachable(`No SSH handshake with ${host}:${port} within ${Math.round((this.config.readyTimeout ?? 0) / 1000)} s.`,
        'Check that the host is up and that sshd listens on that port, then try again.');
    }
    switch (failure?.code) {
      case 'ECONNREFUSED':
        return unreachable(`Nothing accepts SSH connections at ${host}:${port} (connection refused).`, 'Start sshd on the engine host, or fix the port in the engine address.');
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return unreachable(`The SSH host name "${host}" cannot be resolved (${failure.code}).`, 'Fix the host name in the engine address.');
    }
    return unreachable(`SSH to ${this.target} failed (${failure?.code ?? message}).`,
      `Check that \`${this.sshCommand} docker version\` works from this machine, then try again.`);
  }

  private acceptHostKey(blob: Buffer): boolean {
    const verdict = verifyHostKey(this.known, blob);
    if (verdict === 'trusted') return true;
    const presented = `its ${keyType(blob)} key ${fingerprint(blob)}`;
    const { host, port } = this.endpoint;
    const name = port === 22 ? host : `[${host}]:${port}`;
    const record = `connect once with \`${this.sshCommand}\` (it asks you to confirm the key), then try again`;
    this.hostKeyProblem = verdict === 'unknown'
      ? new UserError('engineUnreachable', `The SSH host ${name} is not in ${this.knownHostsFiles.join(' or ')}, so ${presented} cannot be checked.`,
        `If that is the engine host's key, ${record}.`)
      : new UserError('engineUnreachable', verdict === 'revoked'
        ? `The SSH host ${name} presented ${presented}, which known_hosts marks as revoked.`
        : `The SSH host ${name} presented ${presented}, which differs from the key in known_hosts: the host was reinstalled, or something is intercepting the connection.`,
        `Only if the change is expected: \`ssh-keygen -R "${name}"\`, then ${record}.`);
    return false;
  }

  /** ssh2 takes one private key: the first default key file that needs no passphrase. */
  private firstUsableKey(inputs: EngineInputs, haveAgent: boolean): Buffer | undefined {
    const locked: string[] = [];
    for (const name of KEY_FILES) {
      const path = join(inputs.home, '.ssh', name);
      if (!inputs.exists(path)) continue;
      const text = readOrEmpty(inputs, path);
      const parsed = utils.parseKey(text);
      if (parsed instanceof Error) {
        locked.push(path);
        continue;
      }
      this.offered.push(`the key ${path}`);
      return Buffer.from(text);
    }
    if (!haveAgent) {
      throw new UserError('engineUnreachable', locked.length > 0
        ? `No SSH key can be used for ${this.target}: ${locked.join(', ')} needs a passphrase (or cannot be read) and no ssh-agent is running (SSH_AUTH_SOCK is not set).`
        : `No SSH key for ${this.target}: no ssh-agent is running (SSH_AUTH_SOCK is not set) and there is no ~/.ssh/id_ed25519, id_ecdsa or id_rsa.`,
        'Start ssh-agent and add your key with ssh-add (then start the editor from that shell), or create a key with ssh-keygen and authorise it on the engine host.');
    }
    return undefined;
  }
}

function readOrEmpty(inputs: EngineInputs, path: string): string {
  try {
    return inputs.readFile(path);
  } catch {
    return '';
  }
}
