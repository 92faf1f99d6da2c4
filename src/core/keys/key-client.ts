// What the key browser sends: node-wide commands (SCAN, DBSIZE, CLUSTER …) on a node's pooled connection, and
// commands on a key through the cluster client, which follows MOVED and ASK (a key in a slot being migrated, a
// failover). Both are the target's hub's; every call ends within a deadline.
import type Valkey from 'iovalkey';
import type { NodeAddress } from '../client/reach';
import { withDeadline } from '../deadline';
import type { KeySpace } from './key-space';

/** A command on a key, or a small script, answers within this. */
export const KEY_COMMAND_DEADLINE_MS = 8000;

export type Argument = string | Buffer | number;

export class KeyClient {
  constructor(readonly space: KeySpace) {}

  /** Runs `work` on one node's pooled connection, within the pool's deadline. */
  onNode<T>(address: NodeAddress, work: (node: Valkey) => Promise<T>): Promise<T> {
    return this.space.hub.run(address, work);
  }

  /** A command on a key (lower-case name, so the cluster client finds the key), routed to the key's node. The
   * reply keeps its bytes: bulk strings are Buffers. */
  async command(name: string, ...args: Argument[]): Promise<unknown> {
    const cluster = await this.space.hub.cluster();
    return withDeadline(cluster.callBuffer(name, ...args), KEY_COMMAND_DEADLINE_MS, `${name.toUpperCase()} on the cluster`);
  }

  /** A script on one key (EVAL with one key), binary-safe in both directions. */
  script(source: string, key: Buffer, ...args: Argument[]): Promise<unknown> {
    return this.command('eval', source, 1, key, ...args);
  }
}
