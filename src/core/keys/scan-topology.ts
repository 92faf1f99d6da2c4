// Where each slot's keys live right now: the shard serving it (CLUSTER SHARDS; a failover keeps the shard) and any
// slot being moved by hand (each node's own CLUSTER NODES line shows [slot->-target] and [slot-<-source]).
// A scan compares these between polls: a slot whose answer changed may have keys the scan has not seen.
import { parseClusterShards } from '../cluster/parse';
import { ownOpenSlots } from '../cluster/parse-migrations';
import type { NodeRole, SlotRange } from '../../shared/snapshot';
import { TOTAL_SLOTS } from '../../shared/snapshot';
import { formatAddress, type NodeAddress, type Reach } from '../client/reach';
import type { KeyClient } from './key-client';
import { nodeName } from './key-space';

export interface ShardMember {
  readonly id: string;
  readonly announced: string;
  readonly address: NodeAddress;
  readonly role: NodeRole;
  readonly online: boolean;
}

export interface ShardView {
  readonly id: string;
  readonly slots: readonly SlotRange[];
  readonly members: readonly ShardMember[];
}

/** A slot moved key by key: the source shows it migrating, the target importing. */
export interface SlotMove {
  readonly slot: number;
  /** Node ids. */
  readonly from: string;
  readonly to: string;
}

export interface Topology {
  readonly shards: readonly ShardView[];
  readonly moves: readonly SlotMove[];
  /** A server without cluster mode: one "shard" with every slot, and SCAN cursors that say nothing about slots. */
  readonly standalone: boolean;
}

/** Slots this node is moving, from its own line of CLUSTER NODES ("[93->-<target id>]", "[93-<-<source id>]"). */
export function parseOwnMoves(clusterNodes: string): SlotMove[] {
  const own = ownOpenSlots(clusterNodes);
  if (!own) return [];
  return own.open.map(({ slot, direction, peerId }) =>
    direction === 'migrating' ? { slot, from: own.id, to: peerId } : { slot, from: peerId, to: own.id });
}

/** One word per slot that changes when its keys may have moved: the shard serving it and any move under way. */
export function slotStates(topology: Topology): string[] {
  const states = new Array<string>(TOTAL_SLOTS).fill('');
  for (const shard of topology.shards) {
    for (const range of shard.slots) for (let slot = range.start; slot <= range.end; slot++) states[slot] = shard.id;
  }
  for (const move of topology.moves) states[move.slot] += ` ${move.from}>${move.to}`;
  return states;
}

/** Slots whose state differs between two polls. */
export function changedSlots(before: readonly string[], after: readonly string[]): number[] {
  const changed: number[] = [];
  for (let slot = 0; slot < TOTAL_SLOTS; slot++) if (before[slot] !== after[slot]) changed.push(slot);
  return changed;
}

export function shardOfSlot(topology: Topology, slot: number): ShardView | undefined {
  return topology.shards.find((shard) => shard.slots.some((range) => range.start <= slot && slot <= range.end));
}

/** The member a scan should read from: the primary if it is online, else any online member (replicas answer SCAN),
 * passing over nodes that just failed (`avoid`: formatted addresses) while another member is online. */
export function readableMember(shard: ShardView, avoid: ReadonlySet<string> = new Set()): ShardMember | undefined {
  const online = shard.members.filter((member) => member.online);
  const preferred = online.filter((member) => !avoid.has(formatAddress(member.address)));
  const pool = preferred.length > 0 ? preferred : online;
  return pool.find((member) => member.role === 'primary') ?? pool[0];
}

/** The shard `address` is a member of. */
export function shardOfMember(topology: Topology, address: NodeAddress): ShardView | undefined {
  const wanted = formatAddress(address);
  return topology.shards.find((shard) => shard.members.some((member) => formatAddress(member.address) === wanted));
}

export function memberById(topology: Topology, id: string): ShardMember | undefined {
  for (const shard of topology.shards) {
    const member = shard.members.find((candidate) => candidate.id === id);
    if (member) return member;
  }
  return undefined;
}

function isClusterDisabled(error: unknown): boolean {
  return /cluster support disabled/i.test((error as Error)?.message ?? '');
}

/** Asks the first of `candidates` that answers for the shards, then every shard's primary for its moves. */
export async function readTopology(client: KeyClient, candidates: readonly NodeAddress[], reach: Reach): Promise<Topology> {
  let lastError: unknown;
  for (const candidate of candidates) {
    let reply: unknown;
    try {
      reply = await client.onNode(candidate, (node) => node.call('CLUSTER', 'SHARDS'));
    } catch (error) {
      if (isClusterDisabled(error)) return standaloneTopology(candidate);
      lastError = error;
      continue;
    }
    const shards: ShardView[] = parseClusterShards(reply).map((shard, index) => ({
      id: shard.id ?? `shard-${index}`,
      slots: shard.slots,
      members: shard.nodes.map((node) => {
        const announced = `${node.ip}:${node.port}`;
        return { id: node.id, announced, address: reach.map(announced), role: node.role, online: node.health === 'online' };
      }),
    }));
    const primaries = shards.flatMap((shard) => shard.members.filter((member) => member.role === 'primary' && member.online));
    const replies = await Promise.all(primaries.map((primary) =>
      client.onNode(primary.address, (node) => node.call('CLUSTER', 'NODES') as Promise<string>).catch(() => '')));
    return { shards, moves: replies.flatMap(parseOwnMoves), standalone: false };
  }
  throw lastError instanceof Error ? lastError : new Error(lastError === undefined ? 'no node to ask' : String(lastError));
}

function standaloneTopology(address: NodeAddress): Topology {
  const member: ShardMember = { id: 'standalone', announced: formatAddress(address), address, role: 'primary', online: true };
  return { shards: [{ id: 'standalone', slots: [{ start: 0, end: TOTAL_SLOTS - 1 }], members: [member] }], moves: [], standalone: true };
}

/** Name of the node serving `slot` now ("unassigned" when none does). */
export async function ownerName(client: KeyClient, slot: number): Promise<string> {
  const space = client.space;
  const topology = await readTopology(client, [...space.primaries().map((primary) => primary.address), ...space.hub.reach.seeds], space.hub.reach);
  const shard = shardOfSlot(topology, slot);
  const member = shard && readableMember(shard);
  return member ? nodeName(space, member.announced) : 'unassigned';
}
