// The console's cluster client: knows which node serves a slot and sends commands to it, following redirects.
// Every question about the slot table waits for the client to be ready first, so a fresh console routes its very
// first command right.
import type { Cluster } from 'iovalkey';
import { connectCluster } from '../client/connect';
import { formatAddress, type Reach } from '../client/reach';
import type { ConsoleNode, ConsoleNodes } from './nodes';
import { RoutedCommand } from './routed-command';

export class ClusterRouter {
  private cluster: Cluster;
  private connecting: Promise<void> | undefined;

  constructor(private readonly reach: Reach, private readonly nodes: ConsoleNodes) {
    this.cluster = this.newCluster();
  }

  private newCluster(): Cluster {
    const cluster = connectCluster(this.reach);
    cluster.on('error', () => undefined); // reported per command
    return cluster;
  }

  /** The client, connected and with its slot table loaded; throws what went wrong when the cluster does not answer. */
  private async ready(): Promise<Cluster> {
    if (this.cluster.status === 'end' || this.cluster.status === 'close') {
      this.cluster.disconnect();
      this.cluster = this.newCluster();
      this.connecting = undefined;
    }
    if (this.cluster.status === 'wait') {
      // One connect for everyone asking at once; a failed one is tried again by the next question.
      this.connecting ??= this.cluster.connect().catch((error: unknown) => {
        this.connecting = undefined;
        throw error;
      });
    }
    await this.connecting;
    return this.cluster;
  }

  /** The node serving `slot`, after the client is ready; undefined when the table does not say. */
  async ownerOf(slot: number): Promise<ConsoleNode | undefined> {
    await this.ready();
    return this.knownOwner(slot);
  }

  /** The node serving `slot` by the slot table as it is now (for explanations; routing uses ownerOf). */
  knownOwner(slot: number): ConsoleNode | undefined {
    const owner = this.cluster.slots[slot]?.[0];
    return owner === undefined ? undefined : this.nodes.dialledAt(owner);
  }

  /** Sends a command for `slot` (null: any node) through the client; an error reply is returned as a value. */
  async send(buffers: readonly Buffer[], slot: number | null): Promise<unknown> {
    const cluster = await this.ready();
    const [command, ...rest] = buffers;
    return (cluster.sendCommand(new RoutedCommand(command.toString('utf8'), rest, slot)) as Promise<unknown>).catch((error: Error) => error);
  }

  /** The primaries the client knows, in port order. */
  async primaries(): Promise<ConsoleNode[]> {
    const cluster = await this.ready();
    return cluster.nodes('master')
      .map((connection) => this.nodes.dialledAt(formatAddress({ host: connection.options.host ?? '', port: Number(connection.options.port) })))
      .filter((node): node is ConsoleNode => node !== undefined)
      .sort((a, b) => this.nodes.addressOf(a).port - this.nodes.addressOf(b).port);
  }

  dispose(): void {
    this.cluster.disconnect();
  }
}
