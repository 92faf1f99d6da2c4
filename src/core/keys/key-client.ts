// Connections of the key browser: one per node for node-wide commands (SCAN, DBSIZE, CLUSTER …), and a cluster
// client for commands on a key, which follows MOVED and ASK (a key in a slot being migrated, a failover). Every
// call ends within a deadline.
import type Valkey from 'iovalkey';
import type { Cluster } from 'iovalkey';
import { connectCluster } from '../client/connect';
import { NodeConnectionPool } from '../client/node-pool';
import type { NodeAddress } from '../client/reach';
import { withDeadline } from '../deadline';
import type { KeySpace } from './key-space';

/** A command on a key, or a small script, answers within this. */
export const KEY_COMMAND_DEADLINE_MS = 8000;

export type Argument = string | Buffer | number;

export class KeyClient {
  private readonly pool: NodeConnectionPool;
  private cluster: Cluster | undefined;
  private connecting: Promise<Cluster> | undefined;

  constructor(readonly space: KeySpace) {
    this.pool = new NodeConnectionPool(space.reach);
  }

  /** Runs `work` on one node's connection, within the pool's deadline. */
  onNode<T>(address: NodeAddress, work: (node: Valkey) => Promise<T>): Promise<T> {
    return this.pool.run(address, work);
  }

  /** A command on a key (lower-case name, so the cluster client finds the key), routed to the key's node. The
   * reply keeps its bytes: bulk strings are Buffers. */
  async command(name: string, ...args: Argument[]): Promise<unknown> {
    const cluster = await this.ready();
    return withDeadline(cluster.callBuffer(name, ...args), KEY_COMMAND_DEADLINE_MS, `${name.toUpperCase()} on the cluster`);
  }

  /** A script on one key (EVAL with one key), binary-safe in both directions. */
  script(source: string, key: Buffer, ...args: Argument[]): Promise<unknown> {
    return this.command('eval', source, 1, key, ...args);
  }

  private async ready(): Promise<Cluster> {
    if (this.cluster && this.cluster.status !== 'end' && this.cluster.status !== 'close') return this.cluster;
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<Cluster> {
    this.cluster?.disconnect();
    const cluster = connectCluster(this.space.reach);
    cluster.on('error', () => undefined); // each command reports its own failure
    this.cluster = cluster;
    await withDeadline(cluster.connect(), KEY_COMMAND_DEADLINE_MS, 'The cluster', () => cluster.disconnect());
    return cluster;
  }

  dispose(): void {
    this.pool.dispose();
    this.cluster?.disconnect();
    this.cluster = undefined;
  }
}
