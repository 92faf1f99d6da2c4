// Valkey servers the extension did not start, as a remote cluster would be: the local Valkey image run with
// --network host, so each node listens on 127.0.0.1 and announces that address (or what a test tells it to
// announce to clients). Optional TLS (certificates mounted read-only) and ACL users given on the server's command
// line with the default user off. Passwords reach the server only from 0600 files mounted into the container, read
// by the container's own shell; they are never in a docker argument, never printed.
// Containers are named valkey-conn-test-<port>; stop() removes exactly those this run created.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import type { TestCertificates } from './tls-certs';

const run = promisify(execFile);

export const LOCAL_VALKEY_IMAGE = process.env.LOCAL_VALKEY_IMAGE ?? 'valkey-cluster-vscode/valkey:9-local';
const DOCKER_TIMEOUT_MS = 60_000;
const READY_DEADLINE_MS = 60_000;
const SECRETS_IN_CONTAINER = '/run/conn-secrets';
const TLS_IN_CONTAINER = '/tls';

export interface TestUser {
  readonly name: string;
  readonly password: string;
  /** ACL rules, one per server argument, e.g. ['~*', '&*', '+@all']. */
  readonly rules: readonly string[];
}

export interface HostServerOptions {
  /** One server per port, all on 127.0.0.1. A cluster needs six (three primaries, three replicas). */
  readonly ports: readonly number[];
  /** TLS only (no plain port), clients must present a certificate signed by the CA when clientAuth is 'yes'. */
  readonly tls?: {
    readonly certificates: TestCertificates;
    /** The expired server certificate instead of the valid one. */
    readonly expired?: boolean;
    readonly clientAuth: 'yes' | 'optional' | 'no';
  };
  /** ACL users; when given, the default user is off and the first user is the one valkey-cli and replicas use. */
  readonly users?: readonly TestUser[];
}

export interface HostServers {
  readonly ports: readonly number[];
  /** valkey-cli inside the server's container, as the first ACL user, over TLS when the servers use it. */
  cli(port: number, args: readonly string[]): Promise<string>;
  /** What nodes tell clients about themselves (CLUSTER NODES, SHARDS, SLOTS, MOVED); the cluster bus keeps 127.0.0.1. */
  announceToClients(ip: string, portOffset: number): Promise<void>;
  /** Freezes the server's process: its port still accepts TCP connections (the kernel does that) but nothing answers. */
  pause(port: number): Promise<void>;
  unpause(port: number): Promise<void>;
  stop(): Promise<void>;
}

export function containerName(port: number): string {
  return `valkey-conn-test-${port}`;
}

/** Single-quoted for sh: only fixed strings from the tests go through here, never a password. */
function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

async function docker(args: readonly string[]): Promise<string> {
  const { stdout } = await run('docker', [...args], { timeout: DOCKER_TIMEOUT_MS, maxBuffer: 8 * 1024 * 1024 });
  return stdout;
}

function serverScript(port: number, cluster: boolean, options: HostServerOptions): string {
  const args = ['valkey-server', '--bind', '127.0.0.1', '--dir', '/tmp', '--save', "''", '--appendonly', 'no'];
  const tls = options.tls;
  if (tls) {
    const [cert, key] = tls.expired
      ? [tls.certificates.expiredServerCert, tls.certificates.expiredServerKey]
      : [tls.certificates.serverCert, tls.certificates.serverKey];
    args.push('--port', '0', '--tls-port', String(port),
      '--tls-cert-file', `${TLS_IN_CONTAINER}/${basename(cert)}`, '--tls-key-file', `${TLS_IN_CONTAINER}/${basename(key)}`,
      '--tls-ca-cert-file', `${TLS_IN_CONTAINER}/${basename(tls.certificates.caCert)}`, '--tls-auth-clients', tls.clientAuth);
    if (cluster) args.push('--tls-cluster', 'yes', '--tls-replication', 'yes');
  } else {
    args.push('--port', String(port));
  }
  if (cluster) args.push('--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '5000');
  const users = options.users ?? [];
  if (users.length > 0) {
    args.push('--user', 'default', 'off');
    for (const user of users) {
      args.push('--user', quote(user.name), 'on', `">$(cat ${SECRETS_IN_CONTAINER}/${user.name})"`, ...user.rules.map(quote));
    }
    args.push('--masteruser', quote(users[0].name), '--masterauth', `"$(cat ${SECRETS_IN_CONTAINER}/${users[0].name})"`);
  }
  return `exec ${args.join(' ')}`;
}

function cliPrefix(options: HostServerOptions): string {
  const parts: string[] = [];
  const admin = options.users?.[0];
  if (admin) parts.push(`REDISCLI_AUTH="$(cat ${SECRETS_IN_CONTAINER}/${admin.name})"`);
  parts.push('valkey-cli', '--no-auth-warning');
  if (admin) parts.push('--user', quote(admin.name));
  const tls = options.tls;
  if (tls) {
    parts.push('--tls', '--cacert', `${TLS_IN_CONTAINER}/${basename(tls.certificates.caCert)}`,
      '--cert', `${TLS_IN_CONTAINER}/${basename(tls.certificates.clientCert)}`, '--key', `${TLS_IN_CONTAINER}/${basename(tls.certificates.clientKey)}`);
    // valkey-cli rightly refuses the expired certificate; the test server still has to be checked as up.
    if (tls.expired) parts.push('--insecure');
  }
  return parts.join(' ');
}

async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + READY_DEADLINE_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Timed out after ${READY_DEADLINE_MS} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
}

async function startServers(options: HostServerOptions, cluster: boolean): Promise<HostServers> {
  const secrets = mkdtempSync(join(tmpdir(), 'valkey-conn-secrets-'));
  chmodSync(secrets, 0o700);
  for (const user of options.users ?? []) writeFileSync(join(secrets, user.name), user.password, { mode: 0o600 });
  const names = options.ports.map(containerName);
  // Only our own names: a run that was killed may have left them behind.
  await docker(['rm', '-f', ...names]).catch(() => undefined);
  const prefix = cliPrefix(options);
  const cli = async (port: number, args: readonly string[]): Promise<string> =>
    docker(['exec', containerName(port), 'sh', '-c', `${prefix} -p ${port} ${args.map(quote).join(' ')}`]);

  const servers: HostServers = {
    ports: options.ports,
    cli,
    async announceToClients(ip, portOffset) {
      for (const port of options.ports) {
        await cli(port, ['CONFIG', 'SET', 'cluster-announce-client-ipv4', ip, 'cluster-announce-client-port', String(port + portOffset)]);
      }
    },
    async pause(port) {
      await docker(['pause', containerName(port)]);
    },
    async unpause(port) {
      await docker(['unpause', containerName(port)]);
    },
    async stop() {
      await docker(['rm', '-f', ...names]).catch(() => undefined);
      rmSync(secrets, { recursive: true, force: true });
    },
  };
  try {
    for (const port of options.ports) {
      const mounts = ['-v', `${secrets}:${SECRETS_IN_CONTAINER}:ro`];
      if (options.tls) mounts.push('-v', `${options.tls.certificates.directory}:${TLS_IN_CONTAINER}:ro`);
      await docker(['run', '-d', '--name', containerName(port), '--network', 'host', ...mounts, LOCAL_VALKEY_IMAGE, 'sh', '-c', serverScript(port, cluster, options)]);
    }
    for (const port of options.ports) {
      await waitFor(`the server on port ${port} to answer PING`, async () => (await cli(port, ['PING'])).trim() === 'PONG');
    }
    if (cluster) {
      await docker(['exec', containerName(options.ports[0]), 'sh', '-c',
        `${prefix} --cluster create ${options.ports.map((port) => `127.0.0.1:${port}`).join(' ')} --cluster-replicas 1 --cluster-yes`]);
      for (const port of options.ports) {
        await waitFor(`node ${port} to see a healthy cluster of ${options.ports.length} nodes`, async () => {
          const info = await cli(port, ['CLUSTER', 'INFO']);
          return /cluster_state:ok/.test(info) && new RegExp(`cluster_known_nodes:${options.ports.length}\\b`).test(info);
        });
      }
    }
    return servers;
  } catch (error) {
    await servers.stop();
    throw error;
  }
}

/** A cluster of three primaries with one replica each, formed by valkey-cli --cluster create. */
export function startHostCluster(options: HostServerOptions): Promise<HostServers> {
  if (options.ports.length !== 6) throw new Error('A test cluster has six nodes (three primaries, three replicas).');
  return startServers(options, true);
}

/** Plain servers with cluster mode off. */
export function startHostStandalone(options: HostServerOptions): Promise<HostServers> {
  return startServers(options, false);
}
