// The cluster as the scale planner sees it: primaries with their slots and replicas, read off a snapshot. Pure.
import type { ClusterSnapshot, ClusterState, NodeSnapshot, SlotRange } from '../../shared/snapshot';
import { countSlots } from '../cluster/slots';
import { UserError } from '../errors';
import { action, phrase } from '../wording';

export interface NodeRef {
  readonly id: string;
  readonly name: string;
  readonly announcedAddress: string;
}

export interface Primary extends NodeRef {
  readonly slots: readonly SlotRange[];
  readonly replicas: readonly NodeRef[];
}

export interface Topology {
  /** In the snapshot's shard order (by first slot), then primaries without slots by name. */
  readonly primaries: readonly Primary[];
  /** Every node the snapshot knows, by name. */
  readonly nodes: readonly NodeSnapshot[];
}

function ref(node: NodeSnapshot): NodeRef {
  return { id: node.id, name: node.name, announcedAddress: node.announcedAddress };
}

const STATE_WORDS: Readonly<Record<Exclude<ClusterState, 'ok' | 'absent' | 'stopped'>, string>> = {
  fail: 'failing',
  forming: 'still forming',
  noEngine: 'out of reach (its Docker engine does not answer)',
  unreachable: 'out of reach',
  misconfigured: 'misconfigured',
};

/** Refuses a cluster that is not ok: moving slots or changing members needs every slot served. */
export function topologyOf(snapshot: ClusterSnapshot): Topology {
  if (snapshot.mode !== 'cluster') throw new UserError('invalidRequest', `${snapshot.target.label} is a standalone server: it has no slots or shards to change.`);
  if (snapshot.state === 'absent' || snapshot.state === 'stopped') {
    throw new UserError('notReady', `${snapshot.target.label} is ${snapshot.state === 'absent' ? 'not created' : 'stopped'}: there are no running shards to change, so nothing was changed.`,
      phrase`Start it with ${action('start')} first.`);
  }
  if (snapshot.state !== 'ok') {
    throw new UserError('notReady', `The cluster is ${STATE_WORDS[snapshot.state]}, not ok: slots and shards change only on a healthy cluster.`,
      snapshot.problems[0] ? `First problem: ${snapshot.problems[0]}` : 'Wait until it is ok, then try again.');
  }
  const inShards = snapshot.shards.filter((shard) => shard.primary !== undefined);
  const primaries: Primary[] = inShards.map((shard) => ({ ...ref(shard.primary!), slots: shard.slots, replicas: shard.replicas.map(ref) }));
  // Primaries without slots and replicas (a node that just joined) are not in any shard of the snapshot.
  for (const node of snapshot.nodes) {
    if (node.role === 'primary' && node.id !== '' && node.health === 'online' && !primaries.some((primary) => primary.id === node.id)) {
      primaries.push({ ...ref(node), slots: [], replicas: [] });
    }
  }
  return { primaries, nodes: snapshot.nodes };
}

export function slotCount(primary: Primary): number {
  return countSlots(primary.slots);
}

/** The node named (its name, id or an id prefix of 8+ characters), or undefined. */
export function findNode(topology: Topology, reference: string): NodeSnapshot | undefined {
  const wanted = reference.trim();
  return topology.nodes.find((node) => node.name === wanted)
    ?? topology.nodes.find((node) => node.id !== '' && node.id === wanted)
    ?? (wanted.length >= 8 ? topology.nodes.find((node) => node.id.startsWith(wanted)) : undefined);
}

/** The primary of a shard named by a node (its primary, or one of its replicas: then the replica is refused), by
 * "shard N" / "N" as the views number them (1-based, by first slot). */
export function resolveShard(topology: Topology, reference: string): Primary {
  const numbered = /^(?:shard\s*)?(\d+)$/i.exec(reference.trim());
  if (numbered && !findNode(topology, reference)) {
    const index = Number(numbered[1]) - 1;
    const primary = topology.primaries[index];
    if (!primary) throw new UserError('invalidRequest', `There is no shard ${numbered[1]}: the cluster has ${topology.primaries.length}.`, 'Name a shard by its number (1 is the one with slot 0 … ) or by its primary.');
    return primary;
  }
  const node = findNode(topology, reference);
  if (!node) {
    throw new UserError('invalidRequest', `No node or shard "${reference}" in the cluster.`,
      `Name a primary (${topology.primaries.map((primary) => primary.name).join(', ')}) or a shard number (1-${topology.primaries.length}).`);
  }
  const primary = topology.primaries.find((candidate) => candidate.id === node.id);
  if (primary) return primary;
  if (node.role === 'replica') {
    const of = topology.primaries.find((candidate) => candidate.id === node.primaryId);
    throw new UserError('invalidRequest', `${node.name} is a replica${of ? ` of ${of.name}` : ''}: only a primary can own slots.`,
      of ? `Name its primary, ${of.name}, to move the slots to that shard.` : 'Name a primary.');
  }
  throw new UserError('invalidRequest', `${node.name} is not a primary of the cluster (it is ${node.role}, ${node.health}).`, 'Name a primary that is online.');
}
