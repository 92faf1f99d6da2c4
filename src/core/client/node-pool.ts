// Long-lived connections to single nodes, one per host port, re-opened on demand after a failure.
import type Valkey from 'iovalkey';
import { connectNode, Dial } from './connect';

export class NodeConnectionPool {
  private readonly connections = new Map<number, Valkey>();

  constructor(private readonly dial: Dial) {}

  async get(port: number): Promise<Valkey> {
    const existing = this.connections.get(port);
    if (existing && existing.status === 'ready') return existing;
    this.drop(port);
    const client = connectNode(port, this.dial);
    client.on('error', () => undefined); // surfaced by the failing command instead
    this.connections.set(port, client);
    await client.connect();
    return client;
  }

  drop(port: number): void {
    this.connections.get(port)?.disconnect();
    this.connections.delete(port);
  }

  dispose(): void {
    for (const port of [...this.connections.keys()]) this.drop(port);
  }
}
