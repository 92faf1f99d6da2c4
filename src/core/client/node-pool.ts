// Long-lived connections to single nodes, one per address, re-opened on demand after a failure. Connecting
// (TCP, TLS, AUTH) ends within the pool's deadline (half of it for the socket's own connect timeout) and each round
// of queries within the deadline the caller gives (the pool's by default), whatever the peer does: a slot
// operation's MIGRATE may take longer than a refresh.
import type Valkey from 'iovalkey';
import { withDeadline } from '../deadline';
import { connectNode, DEFAULT_TIMEOUT_MS, isAuthError } from './connect';
import { formatAddress, type NodeAddress, type Reach } from './reach';

/** The pool's deadline unless its owner gives another. */
export const POOL_DEADLINE_MS = DEFAULT_TIMEOUT_MS * 2;

export class NodeConnectionPool {
  private readonly connections = new Map<string, Valkey>();
  /** Connections being opened: a second caller waits for the same one instead of closing it to open its own. */
  private readonly opening = new Map<string, Promise<Valkey>>();

  constructor(private readonly reach: Reach, private readonly timeoutMs = POOL_DEADLINE_MS) {}

  get(address: NodeAddress): Promise<Valkey> {
    const key = formatAddress(address);
    const existing = this.connections.get(key);
    if (existing && existing.status === 'ready') return Promise.resolve(existing);
    let opening = this.opening.get(key);
    if (!opening) {
      opening = this.open(address, key).finally(() => this.opening.delete(key));
      this.opening.set(key, opening);
    }
    return opening;
  }

  private async open(address: NodeAddress, key: string): Promise<Valkey> {
    this.drop(address);
    const client = connectNode(address, this.reach, this.timeoutMs / 2, false);
    // iovalkey reports a refused AUTH as an error event, then rejects with "Connection is closed": keep the reason.
    let firstError: Error | undefined;
    client.on('error', (error: Error) => (firstError ??= error));
    this.connections.set(key, client);
    try {
      await withDeadline(client.connect(), this.timeoutMs, key, () => client.disconnect());
    } catch (error) {
      this.drop(address);
      throw firstError && isAuthError(firstError) ? firstError : error;
    }
    return client;
  }

  /** Runs `work` on the node's connection; drops the connection when it fails or outlives the deadline. */
  async run<T>(address: NodeAddress, work: (client: Valkey) => Promise<T>, deadlineMs = this.timeoutMs): Promise<T> {
    const client = await this.get(address);
    try {
      return await withDeadline(work(client), deadlineMs, formatAddress(address));
    } catch (error) {
      this.drop(address);
      throw error;
    }
  }

  drop(address: NodeAddress): void {
    const key = formatAddress(address);
    this.connections.get(key)?.disconnect();
    this.connections.delete(key);
  }

  dispose(): void {
    for (const client of this.connections.values()) client.disconnect();
    this.connections.clear();
  }
}
