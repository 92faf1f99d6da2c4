// iovalkey connections from the host: single nodes on their published ports, and a cluster client whose
// redirects to container addresses are mapped back to those ports (the NAT map).
import Valkey, { Cluster } from 'iovalkey';
import type { NodeEndpoint } from '../compose/plan';

export interface Dial {
  /** Host address to dial (127.0.0.1 unless the ports are bound elsewhere on this machine). */
  readonly host: string;
  readonly password: string;
}

export type NatMap = (announced: string) => { host: string; port: number };

/** Container address → published port. Any address it does not know still goes to the dial host, never to the
 * container network: host-side code only ever dials the published ports. */
export function natMap(nodes: readonly NodeEndpoint[], host: string): NatMap {
  const known = new Map(nodes.map((node) => [node.announcedAddress, node.hostPort]));
  return (announced) => ({ host, port: known.get(announced) ?? Number(announced.slice(announced.lastIndexOf(':') + 1)) });
}

/** A connection to one node that fails fast instead of retrying: callers decide what a failure means. */
export function connectNode(port: number, dial: Dial, timeoutMs = 1500): Valkey {
  return new Valkey({
    host: dial.host,
    port,
    password: dial.password,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs * 2,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
}

export function connectCluster(nodes: readonly NodeEndpoint[], dial: Dial): Cluster {
  return new Cluster(nodes.map((node) => ({ host: dial.host, port: node.hostPort })), {
    natMap: natMap(nodes, dial.host),
    redisOptions: { password: dial.password, connectTimeout: 2000, maxRetriesPerRequest: 1 },
    slotsRefreshTimeout: 2000,
    clusterRetryStrategy: (times) => (times > 20 ? null : Math.min(100 * times, 1000)),
    lazyConnect: true,
  });
}

/** Opens a node connection, runs `work`, always closes it. */
export async function withNode<T>(port: number, dial: Dial, work: (node: Valkey) => Promise<T>, timeoutMs?: number): Promise<T> {
  const node = connectNode(port, dial, timeoutMs);
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
