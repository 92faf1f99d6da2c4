// The nodes a console can talk to, named as the user sees them and dialled through the reach. The list is asked
// for each time, so it can follow a cluster whose nodes change.
import { formatAddress, type NodeAddress } from '../client/reach';
import type { ConnectionHub } from '../target/hub';

export interface ConsoleNode {
  readonly name: string;
  /** "ip:port" as the cluster announces it (CLUSTER NODES, MOVED); the reach maps it to where to dial. */
  readonly announcedAddress: string;
}

export class ConsoleNodes {
  constructor(private readonly list: () => readonly ConsoleNode[], private readonly hub: ConnectionHub) {}

  all(): readonly ConsoleNode[] {
    return this.list();
  }

  addressOf(node: ConsoleNode): NodeAddress {
    return this.hub.reach.map(node.announcedAddress);
  }

  /** "valkey-node-2:6381" style, with the port as dialled; a node named by its address is shown as it is. */
  label(node: ConsoleNode): string {
    return /:\d+$/.test(node.name) ? node.name : `${node.name}:${this.addressOf(node).port}`;
  }

  /** By full name, by its number ("3" for valkey-node-3) or by the port it is dialled at. */
  named(name: string): ConsoleNode | undefined {
    return this.list().find((node) => node.name === name || node.name === `valkey-node-${name}` || String(this.addressOf(node).port) === name);
  }

  /** The node dialled at "host:port" (how the cluster client names its connections). */
  dialledAt(address: string): ConsoleNode | undefined {
    return this.list().find((node) => formatAddress(this.addressOf(node)) === address);
  }
}

export function sameNode(a: ConsoleNode | undefined, b: ConsoleNode | undefined): boolean {
  return a !== undefined && b !== undefined && a.name === b.name;
}
