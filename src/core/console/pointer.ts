// Where the console points: the node its prompt names and keyless commands run on. A command routed by its key
// moves it to the key's node, and says so with valkey-cli's redirect trace.
import { formatAddress } from '../client/reach';
import { type ConsoleNode, type ConsoleNodes, sameNode } from './nodes';

export class ConsolePointer {
  constructor(private node: ConsoleNode, private readonly nodes: ConsoleNodes) {}

  get current(): ConsoleNode {
    return this.node;
  }

  pointAt(node: ConsoleNode): void {
    this.node = node;
  }

  /** Points at `owner` of `slot`; returns valkey-cli's redirect line when that moves the console. */
  follow(slot: number, owner: ConsoleNode | undefined): string | undefined {
    if (!owner || sameNode(owner, this.node)) return undefined;
    this.node = owner;
    return `-> Redirected to slot [${slot}] located at ${formatAddress(this.nodes.addressOf(owner))}`;
  }
}
