// The one set of connections a target keeps to its nodes, whoever asks: a pooled connection per node for node-wide
// questions (each refresh's round, SCAN, a console's @node command, a slot operation's CLUSTER calls) and one cluster
// client, made on first use, for commands on keys (it follows MOVED and ASK). What cannot share a connection —
// blocking commands, subscriptions, MONITOR, transactions — opens its own (console/dedicated.ts) from `reach`.
// The reach can change (new ports, a new password): every connection made for the old one is closed then.
import type Valkey from 'iovalkey';
import type { Cluster } from 'iovalkey';
import { connectCluster } from '../client/connect';
import { NodeConnectionPool } from '../client/node-pool';
import type { NodeAddress, Reach } from '../client/reach';
import { withDeadline } from '../deadline';

/** Connecting the cluster client (slot table loaded) ends within this. */
export const CLUSTER_CONNECT_DEADLINE_MS = 8000;

export class ConnectionHub {
  private current: Reach | undefined;
  private pool: NodeConnectionPool | undefined;
  private client: Cluster | undefined;
  private connecting: Promise<Cluster> | undefined;

  constructor(reach?: Reach) {
    if (reach) this.use(reach);
  }

  /** Dials through `reach` from now on; connections made through another one are closed. */
  use(reach: Reach): void {
    if (reach === this.current) return;
    this.close();
    this.current = reach;
    this.pool = new NodeConnectionPool(reach);
  }

  get reach(): Reach {
    if (!this.current) throw new Error('The connection hub has no reach yet.');
    return this.current;
  }

  private get nodes(): NodeConnectionPool {
    if (!this.pool) throw new Error('The connection hub has no reach yet.');
    return this.pool;
  }

  /** Runs `work` on the node's pooled connection within `deadlineMs` (the pool's own by default); a failure or an
   * overrun drops that connection, and the next use opens a new one. */
  run<T>(address: NodeAddress, work: (node: Valkey) => Promise<T>, deadlineMs?: number): Promise<T> {
    return this.nodes.run(address, work, deadlineMs);
  }

  /** Closes the node's pooled connection (its container stopped, say). */
  drop(address: NodeAddress): void {
    this.pool?.drop(address);
  }

  /** The cluster client, connected with its slot table loaded; one connect for everyone asking at once, and a new
   * client after the old one ended. */
  cluster(): Promise<Cluster> {
    if (this.client && this.client.status !== 'end' && this.client.status !== 'close' && !this.connecting) return Promise.resolve(this.client);
    this.connecting ??= this.connectCluster().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /** The cluster client as it is now, connected or not (for what it already knows, like the slot table). */
  get clusterNow(): Cluster | undefined {
    return this.client;
  }

  private async connectCluster(): Promise<Cluster> {
    this.client?.disconnect();
    const client = connectCluster(this.reach);
    client.on('error', () => undefined); // each command reports its own failure
    this.client = client;
    await withDeadline(client.connect(), CLUSTER_CONNECT_DEADLINE_MS, 'The cluster', () => client.disconnect());
    return client;
  }

  private close(): void {
    this.pool?.dispose();
    this.client?.disconnect();
    this.client = undefined;
  }

  dispose(): void {
    this.close();
    this.pool = undefined;
    this.current = undefined;
  }
}
