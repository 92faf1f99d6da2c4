// Which cluster the key browser works on: its primaries as this machine dials them, how to reach any node, and
// whether writes are allowed. Built from a snapshot, so the same browser serves the local cluster and, later,
// any connection. Pure: no I/O, no heavy imports (the extension uses it before the core bundle is loaded).
import type { ClusterSnapshot } from '../../shared/snapshot';
import type { NodeAddress } from '../client/reach';
import type { ConnectionHub } from '../target/hub';

export interface KeySpacePrimary {
  /** Display name, e.g. "valkey-node-0". */
  readonly name: string;
  /** As the cluster announces it ("172.19.0.60:6379"): how the node is found in CLUSTER SHARDS replies. */
  readonly announcedAddress: string;
  readonly address: NodeAddress;
}

export interface KeySpace {
  /** Primaries serving slots when the space was made; the scanner follows later changes itself. */
  primaries(): readonly KeySpacePrimary[];
  /** The target's connections: the browser asks over them. */
  readonly hub: ConnectionHub;
  /** A node's display name from its announced address, when the space knows it. */
  nameOf?(announcedAddress: string): string | undefined;
  /** No edit is offered or carried out. */
  readonly readOnly: boolean;
}

/** The primaries of a snapshot that serve slots; read-only when the snapshot's target is. */
export function keySpaceOf(snapshot: ClusterSnapshot, hub: ConnectionHub): KeySpace {
  const primaries: KeySpacePrimary[] = snapshot.nodes
    .filter((node) => node.role === 'primary' && node.slotCount > 0)
    .map((node) => ({ name: node.name, announcedAddress: node.announcedAddress, address: hub.reach.map(node.announcedAddress) }));
  const names = new Map(snapshot.nodes.map((node) => [node.announcedAddress, node.name]));
  return { primaries: () => primaries, hub, readOnly: snapshot.target.readOnly, nameOf: (announced) => names.get(announced) };
}

/** A node's display name: as the space knows it, else its announced address. */
export function nodeName(space: KeySpace, announcedAddress: string): string {
  return space.nameOf?.(announcedAddress) ?? space.primaries().find((primary) => primary.announcedAddress === announcedAddress)?.name ?? announcedAddress;
}
