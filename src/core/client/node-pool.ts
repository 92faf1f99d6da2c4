// Long-lived connections to single nodes, one per address, re-opened on demand after a failure.
import type Valkey from 'iovalkey';
import { connectNode } from './connect';
import { formatAddress, NodeAddress, Reach } from './reach';

export class NodeConnectionPool {
  private readonly connections = new Map<string, Valkey>();

  constructor(private readonly reach: Reach) {}

  async get(address: NodeAddress): Promise<Valkey> {
    const key = formatAddress(address);
    const existing = this.connections.get(key);
    if (existing && existing.status === 'ready') return existing;
    this.drop(address);
    const client = connectNode(address, this.reach);
    client.on('error', () => undefined); // surfaced by the failing command instead
    this.connections.set(key, client);
    await client.connect();
    return client;
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
