// Nodes that come back on other addresses (ports changed between runs) are remembered by their peers at the old
// ones, so the cluster cannot reassemble by itself. A MEET at a known node's new address makes each peer update
// it: the handshake finds an id it already knows and moves that entry to the new address (data and roles stay).
import type { ConnectionHub } from '../target/hub';
import { parseClusterNodes } from './parse';

export interface PeerNode {
  readonly name: string;
  readonly announcedAddress: string;
}

interface SelfView {
  readonly node: PeerNode;
  readonly id: string;
  readonly ip: string;
  readonly port: number;
  readonly busPort: number;
  /** What this node believes about every other node id: its address. */
  readonly peers: ReadonlyMap<string, string>;
}

async function selfView(node: PeerNode, hub: ConnectionHub): Promise<SelfView | undefined> {
  const text = await hub.run(hub.reach.map(node.announcedAddress), (client) => client.cluster('NODES') as Promise<string>);
  const lines = parseClusterNodes(text);
  const self = lines.find((line) => line.myself);
  if (!self || self.address === '') return undefined;
  const colon = self.address.lastIndexOf(':');
  return {
    node,
    id: self.id,
    ip: self.address.slice(0, colon),
    port: Number(self.address.slice(colon + 1)),
    busPort: self.busPort,
    peers: new Map(lines.filter((line) => !line.myself).map((line) => [line.id, line.address])),
  };
}

/** Where peers meet a node: on the cluster network. What CLUSTER NODES says is what clients are told, which in
 * host-announce mode is the host's address, not the container's; the planned address is the container's. */
function meetAddress(view: SelfView): [string, number, number] {
  const planned = view.node.announcedAddress;
  const colon = planned.lastIndexOf(':');
  return colon > 0 ? [planned.slice(0, colon), Number(planned.slice(colon + 1)), view.busPort] : [view.ip, view.port, view.busPort];
}

/** Names of the nodes some peer remembers at an old address; each such node is met again at its own address by
 * every other node. Nodes that do not answer are left alone (the caller's wait reports them). */
export async function reintroduceMovedNodes(nodes: readonly PeerNode[], hub: ConnectionHub): Promise<string[]> {
  const views = (await Promise.all(nodes.map((node) => selfView(node, hub).catch(() => undefined))))
    .filter((view): view is SelfView => view !== undefined);
  const moved = views.filter((target) => views.some((other) => {
    const remembered = other.peers.get(target.id);
    return other !== target && remembered !== undefined && remembered !== `${target.ip}:${target.port}`;
  }));
  await Promise.all(moved.flatMap((target) => views
    .filter((other) => other !== target)
    .map((other) => hub.run(hub.reach.map(other.node.announcedAddress), (client) => client.cluster('MEET', ...meetAddress(target))))));
  return moved.map((target) => target.node.name);
}
