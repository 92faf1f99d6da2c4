// The console's view of the cluster client (the target hub's): which node serves a slot, and sending commands to
// it, following redirects. Every question about the slot table waits for the client to be ready first, so a fresh
// console routes its very first command right.
import { formatAddress } from '../client/reach';
import type { ConnectionHub } from '../target/hub';
import type { ConsoleNode, ConsoleNodes } from './nodes';
import { RoutedCommand } from './routed-command';

export class ClusterRouter {
  constructor(private readonly hub: ConnectionHub, private readonly nodes: ConsoleNodes) {}

  /** The node serving `slot`, after the client is ready; undefined when the table does not say. */
  async ownerOf(slot: number): Promise<ConsoleNode | undefined> {
    await this.hub.cluster();
    return this.knownOwner(slot);
  }

  /** The node serving `slot` by the slot table as it is now (for explanations; routing uses ownerOf). */
  knownOwner(slot: number): ConsoleNode | undefined {
    const owner = this.hub.clusterNow?.slots[slot]?.[0];
    return owner === undefined ? undefined : this.nodes.dialledAt(owner);
  }

  /** Sends a command for `slot` (null: any node) through the client; an error reply is returned as a value. */
  async send(buffers: readonly Buffer[], slot: number | null): Promise<unknown> {
    const cluster = await this.hub.cluster();
    const [command, ...rest] = buffers;
    return (cluster.sendCommand(new RoutedCommand(command.toString('utf8'), rest, slot)) as Promise<unknown>).catch((error: Error) => error);
  }

  /** The primaries the client knows, in port order. */
  async primaries(): Promise<ConsoleNode[]> {
    const cluster = await this.hub.cluster();
    return cluster.nodes('master')
      .map((connection) => this.nodes.dialledAt(formatAddress({ host: connection.options.host ?? '', port: Number(connection.options.port) })))
      .filter((node): node is ConsoleNode => node !== undefined)
      .sort((a, b) => this.nodes.addressOf(a).port - this.nodes.addressOf(b).port);
  }
}
