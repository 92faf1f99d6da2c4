// iovalkey connections from this machine: single nodes, and a cluster client whose redirects to announced
// addresses go through the reach's address map.
import Valkey, { Cluster } from 'iovalkey';
import type { NodeAddress, Reach } from './reach';

/** Connect, AUTH and each command end within this unless the caller says otherwise. */
export const DEFAULT_TIMEOUT_MS = 1500;

/** What every connection of ours calls itself (CLIENT SETNAME): CLIENT LIST tells them from an application's. */
export const CLIENT_NAME = 'valkey-cluster-vscode';

/** `commandTimeoutMs` undefined: each command may take as long as the caller's own deadline allows. */
function nodeOptions(reach: Reach, timeoutMs: number, commandTimeoutMs: number | undefined) {
  return {
    username: reach.credentials.username,
    password: reach.credentials.password || undefined,
    tls: reach.tls,
    connectTimeout: timeoutMs,
    commandTimeout: commandTimeoutMs,
    connectionName: CLIENT_NAME,
  };
}

/** A connection to one node that fails fast instead of retrying: callers decide what a failure means. Each command
 * times out after twice the connect timeout, unless `perCommandDeadline` is false (the caller bounds each use). */
export function connectNode(address: NodeAddress, reach: Reach, timeoutMs = DEFAULT_TIMEOUT_MS, perCommandDeadline = true): Valkey {
  return new Valkey({
    ...nodeOptions(reach, timeoutMs, perCommandDeadline ? timeoutMs * 2 : undefined),
    host: address.host,
    port: address.port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
}

export function connectCluster(reach: Reach): Cluster {
  return new Cluster(reach.seeds.map((seed) => ({ host: seed.host, port: seed.port })), {
    natMap: reach.map,
    redisOptions: { ...nodeOptions(reach, 2000, 4000), maxRetriesPerRequest: 1 },
    slotsRefreshTimeout: 2000,
    clusterRetryStrategy: (times) => (times > 20 ? null : Math.min(100 * times, 1000)),
    lazyConnect: true,
  });
}

/** Opens a node connection, runs `work`, always closes it. */
export async function withNode<T>(address: NodeAddress, reach: Reach, work: (node: Valkey) => Promise<T>, timeoutMs?: number): Promise<T> {
  const node = connectNode(address, reach, timeoutMs);
  // iovalkey reports a refused AUTH as an error event and then only "Connection is closed": keep the real reason.
  let firstError: Error | undefined;
  node.on('error', (error: Error) => (firstError ??= error));
  try {
    await node.connect();
    return await work(node);
  } catch (error) {
    throw firstError && isAuthError(firstError) ? firstError : error;
  } finally {
    node.disconnect();
  }
}

/** True for a refused password, given the error or its message. */
export function isAuthError(error: unknown): boolean {
  const message = typeof error === 'string' ? error : (error as Error | undefined)?.message ?? '';
  return /WRONGPASS|NOAUTH|invalid password/i.test(message);
}
