// Shape and slot operations as plans: what will happen, step by step, computed from the cluster as it is (pure), so
// it can be shown for confirmation (the UI) or printed (the CLI) before anything changes, and then executed
// (execute.ts). Nodes are named, not identified: new nodes get their id when they exist, and a slot range is taken
// from whoever serves it when its step runs.
import { describeObserved } from '../cluster/shape-of';
import type { ClusterShape } from '../compose/shape';
import { nodeIndex, nodeService } from '../compose/shape';
import { UserError } from '../errors';
import type { ActionId } from '../wording';
import { formatCount, migrationsText, replicasText, slotsText } from '../../shared/present';
import { applyMoves, type KeysPerSlot, type Move, planBalanceByKeys, planBalanceBySlots, planMoveSlots } from './plan-moves';
import { describeRanges } from './slot-input';
import { findNode, type Primary, resolveShard, slotCount, type Topology } from './topology';
import type { SlotRange } from '../../shared/snapshot';

export interface NewNode {
  readonly index: number;
  readonly name: string;
  /** The primary it will replicate (by name); undefined: a new primary. */
  readonly primary?: string;
}

export type Step =
  | { readonly kind: 'createNodes'; readonly nodes: readonly NewNode[] }
  | { readonly kind: 'join'; readonly nodes: readonly string[] }
  | { readonly kind: 'replicate'; readonly replica: string; readonly primary: string }
  | { readonly kind: 'migrate'; readonly move: Move }
  | { readonly kind: 'forget'; readonly nodes: readonly string[] }
  | { readonly kind: 'removeNodes'; readonly nodes: readonly string[]; readonly removeVolumes: boolean };

export type OperationKind = 'moveSlots' | 'rebalance' | 'addShard' | 'removeShard' | 'addReplica' | 'removeReplica' | 'scale';

export interface OperationPlan {
  readonly kind: OperationKind & ActionId;
  /** One sentence: what the operation does. */
  readonly summary: string;
  /** What will move, one line each, for the confirmation. */
  readonly details: readonly string[];
  readonly steps: readonly Step[];
  /** The shape after it: shards and the replicas of each (in shard order), or undefined when it does not change. */
  readonly shapeAfter?: { readonly shards: number; readonly replicas: readonly number[] };
  /** Node containers it creates and removes (local cluster only). */
  readonly needsContainers: boolean;
}

export function describeMove(move: Move): string {
  const keys = move.keys === undefined ? '' : `, ${formatCount(move.keys)} keys`;
  return `slots ${describeRanges(move.ranges)} (${slotsText(move.slots, formatCount(move.slots))}${keys}): ${move.source} → ${move.target}`;
}

export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'createNodes':
      return `create ${step.nodes.map((node) => node.name).join(', ')}`;
    case 'join':
      return `join ${step.nodes.join(', ')} to the cluster`;
    case 'replicate':
      return `make ${step.replica} a replica of ${step.primary}`;
    case 'migrate':
      return `move ${describeMove(step.move)}`;
    case 'forget':
      return `make every other node forget ${step.nodes.join(', ')}`;
    case 'removeNodes':
      return `remove ${step.nodes.join(', ')}${step.removeVolumes ? ' and their data volumes' : ' (data volumes kept)'}`;
  }
}

function migrations(moves: readonly Move[]): Step[] {
  return moves.map((move) => ({ kind: 'migrate', move }));
}

function shapeOf(topology: Topology): { shards: number; replicas: number[] } {
  const serving = topology.primaries.filter((primary) => primary.slots.length > 0);
  return { shards: serving.length, replicas: serving.map((primary) => primary.replicas.length) };
}

function keysLine(moves: readonly Move[]): string {
  const slots = moves.reduce((sum, move) => sum + move.slots, 0);
  const known = moves.every((move) => move.keys !== undefined);
  const keys = moves.reduce((sum, move) => sum + (move.keys ?? 0), 0);
  return `${slotsText(slots, formatCount(slots))}${known ? ` (${formatCount(keys)} keys)` : ''}`;
}

/** Refuses an operation while a migration is running or a slot is open: one operation at a time per cluster. */
export function assertQuiet(busy: readonly string[]): void {
  if (busy.length > 0) {
    throw new UserError('busy', `A slot migration is already under way: ${busy.join(' ')}`, 'Wait for it to finish (the views show its progress), or cancel it, then try again.');
  }
}

export function planMoveOperation(topology: Topology, ranges: readonly SlotRange[], to: string, keys?: KeysPerSlot): OperationPlan {
  const target = resolveShard(topology, to);
  const moves = planMoveSlots(topology, ranges, target, keys);
  return {
    kind: 'moveSlots',
    summary: `Move ${keysLine(moves)} to ${target.name}'s shard.`,
    details: moves.map(describeMove),
    steps: migrations(moves),
    needsContainers: false,
  };
}

export function planRebalanceOperation(topology: Topology, by: 'slots' | 'keys', keys?: KeysPerSlot): OperationPlan {
  if (by === 'keys' && !keys) throw new Error('keys per slot are needed to rebalance by keys');
  const moves = by === 'keys' ? planBalanceByKeys(topology, keys!) : planBalanceBySlots(topology, {}, keys);
  const total = keys ? Array.from(keys).reduce((sum, count) => sum + count, 0) : undefined;
  const nothing = by === 'keys' && total === 0 ? 'The cluster holds no keys, so there is nothing to balance by keys.'
    : `The shards are balanced by ${by === 'keys' ? 'keys (within 5%)' : 'slot count'} already: nothing to move.`;
  return {
    kind: 'rebalance',
    summary: moves.length === 0 ? nothing : `Rebalance by ${by === 'keys' ? 'keys' : 'slot count'}: move ${keysLine(moves)} in ${migrationsText(moves.length)}.`,
    details: moves.map(describeMove),
    steps: migrations(moves),
    needsContainers: false,
  };
}

/** Fewest replicas any serving shard has: what a new shard gets, so that shards stay alike. */
export function replicasOfShards(topology: Topology): number {
  const counts = shapeOf(topology).replicas;
  return counts.length === 0 ? 0 : Math.min(...counts);
}

function take(free: number[], count: number): number[] {
  if (free.length < count) throw new Error(`${count} free node numbers are needed, ${free.length} were given`);
  return free.splice(0, count);
}

interface ShardAddition {
  readonly steps: Step[];
  readonly topology: Topology;
  readonly primaries: string[];
  readonly created: NewNode[];
}

/** New shards (a primary and its replicas each): created, joined, replicas attached; no slots yet. */
function addShards(topology: Topology, count: number, replicas: number, free: number[]): ShardAddition {
  const created: NewNode[] = [];
  const primaries: string[] = [];
  for (let shard = 0; shard < count; shard++) {
    const [primaryIndex, ...replicaIndices] = take(free, 1 + replicas);
    const primary = nodeService(primaryIndex);
    primaries.push(primary);
    created.push({ index: primaryIndex, name: primary }, ...replicaIndices.map((index) => ({ index, name: nodeService(index), primary })));
  }
  const steps: Step[] = [
    { kind: 'createNodes', nodes: created },
    { kind: 'join', nodes: created.map((node) => node.name) },
    ...created.filter((node) => node.primary).map((node): Step => ({ kind: 'replicate', replica: node.name, primary: node.primary! })),
  ];
  const added: Primary[] = primaries.map((name) => ({ id: '', name, announcedAddress: '', slots: [], replicas: created.filter((node) => node.primary === name).map((node) => ({ id: '', name: node.name, announcedAddress: '' })) }));
  return { steps, created, primaries, topology: { ...topology, primaries: [...topology.primaries, ...added] } };
}

export function planAddShard(topology: Topology, free: number[], keys?: KeysPerSlot, replicas = replicasOfShards(topology)): OperationPlan {
  const addition = addShards(topology, 1, replicas, [...free]);
  const moves = planBalanceBySlots(addition.topology, { receivers: addition.primaries }, keys);
  const [primary] = addition.primaries;
  return {
    kind: 'addShard',
    summary: `Add a shard: ${primary}${replicas > 0 ? ` with ${replicasText(replicas)} (${addition.created.slice(1).map((node) => node.name).join(', ')})` : ''}, then move ${keysLine(moves)} onto it.`,
    details: [`create ${addition.created.map((node) => node.name).join(', ')}`, ...moves.map(describeMove)],
    steps: [...addition.steps, ...migrations(moves)],
    shapeAfter: shapeOf(applyMoves(addition.topology, moves)),
    needsContainers: true,
  };
}

function byIndexDescending(a: string, b: string): number {
  return (nodeIndex(b) ?? -1) - (nodeIndex(a) ?? -1);
}

interface ShardRemoval {
  readonly steps: Step[];
  readonly topology: Topology;
  readonly moves: Move[];
  readonly removed: string[];
}

function removeShards(topology: Topology, shards: readonly Primary[], removeVolumes: boolean, keys?: KeysPerSlot): ShardRemoval {
  const drain = shards.map((shard) => shard.name);
  const moves = planBalanceBySlots(topology, { drain }, keys);
  const removed = shards.flatMap((shard) => [shard.name, ...shard.replicas.map((replica) => replica.name)]);
  const after = applyMoves(topology, moves);
  return {
    moves,
    removed,
    steps: [...migrations(moves), { kind: 'forget', nodes: removed }, { kind: 'removeNodes', nodes: removed, removeVolumes }],
    topology: { ...after, primaries: after.primaries.filter((primary) => !drain.includes(primary.name)) },
  };
}

export function planRemoveShard(topology: Topology, shardReference: string, removeVolumes: boolean, keys?: KeysPerSlot): OperationPlan {
  const shard = resolveShard(topology, shardReference);
  const serving = topology.primaries.filter((primary) => primary.slots.length > 0);
  if (serving.length <= 1 && serving[0]?.name === shard.name) {
    throw new UserError('invalidRequest', `${shard.name}'s shard is the last one: a cluster keeps at least one shard.`, 'Add another shard first, or remove the whole cluster.');
  }
  const removal = removeShards(topology, [shard], removeVolumes, keys);
  return {
    kind: 'removeShard',
    summary: `Remove ${shard.name}'s shard: move its ${keysLine(removal.moves)} to the other shards, then remove ${removal.removed.join(', ')}${removeVolumes ? ' and their data volumes' : ''}.`,
    details: [...removal.moves.map(describeMove), `remove ${removal.removed.join(', ')}${removeVolumes ? ' with their data volumes' : ' (data volumes kept)'}`],
    steps: removal.steps,
    shapeAfter: shapeOf(removal.topology),
    needsContainers: true,
  };
}

export function planAddReplica(topology: Topology, shardReference: string, free: number[]): OperationPlan {
  const primary = resolveShard(topology, shardReference);
  const [index] = take([...free], 1);
  const name = nodeService(index);
  const steps: Step[] = [
    { kind: 'createNodes', nodes: [{ index, name, primary: primary.name }] },
    { kind: 'join', nodes: [name] },
    { kind: 'replicate', replica: name, primary: primary.name },
  ];
  const after = { ...topology, primaries: topology.primaries.map((entry) => (entry === primary ? { ...entry, replicas: [...entry.replicas, { id: '', name, announcedAddress: '' }] } : entry)) };
  return {
    kind: 'addReplica',
    summary: `Add ${name} as a replica of ${primary.name} (it copies the shard's ${formatCount(slotCount(primary))} slots of data).`,
    details: [`create ${name}`, `make ${name} a replica of ${primary.name}`],
    steps,
    shapeAfter: shapeOf(after),
    needsContainers: true,
  };
}

/** A replica named, or the newest replica of the shard named. */
function chooseReplica(topology: Topology, reference: string): { replica: string; primary: Primary } {
  const node = findNode(topology, reference);
  if (node?.role === 'replica') {
    const primary = topology.primaries.find((candidate) => candidate.id === node.primaryId || candidate.replicas.some((replica) => replica.name === node.name));
    if (!primary) throw new UserError('invalidRequest', `${node.name} replicates no primary the cluster knows.`);
    return { replica: node.name, primary };
  }
  const primary = resolveShard(topology, reference);
  const [replica] = primary.replicas.map((entry) => entry.name).sort(byIndexDescending);
  if (!replica) throw new UserError('invalidRequest', `${primary.name}'s shard has no replica to remove.`);
  return { replica, primary };
}

export function planRemoveReplica(topology: Topology, reference: string, removeVolumes: boolean): OperationPlan {
  const { replica, primary } = chooseReplica(topology, reference);
  const after = { ...topology, primaries: topology.primaries.map((entry) => (entry === primary ? { ...entry, replicas: entry.replicas.filter((other) => other.name !== replica) } : entry)) };
  return {
    kind: 'removeReplica',
    summary: `Remove ${replica}, a replica of ${primary.name}${primary.replicas.length === 1 ? ' (its only one: the shard is left without a replica)' : ''}.`,
    details: [`remove ${replica}${removeVolumes ? ' and its data volume' : ' (data volume kept)'}`],
    steps: [{ kind: 'forget', nodes: [replica] }, { kind: 'removeNodes', nodes: [replica], removeVolumes }],
    shapeAfter: shapeOf(after),
    needsContainers: true,
  };
}

/** From the shape the cluster has to `shape`: replicas removed first, then shards drained and removed, then new
 * shards added and filled, then replicas added, so that no step moves data a later one would move again. Shards and
 * replicas that go are the ones on the highest node numbers. */
export function planScale(topology: Topology, shape: ClusterShape, free: number[], removeVolumes: boolean, keys?: KeysPerSlot): OperationPlan {
  const pool = [...free];
  let current = topology;
  const steps: Step[] = [];
  const details: string[] = [];
  const serving = () => current.primaries.filter((primary) => primary.slots.length > 0);
  // 1. Fewer replicas: the newest of each shard go.
  const extraReplicas = serving().flatMap((primary) => [...primary.replicas.map((replica) => replica.name)].sort(byIndexDescending).slice(0, Math.max(0, primary.replicas.length - shape.replicasPerShard)));
  if (extraReplicas.length > 0) {
    steps.push({ kind: 'forget', nodes: extraReplicas }, { kind: 'removeNodes', nodes: extraReplicas, removeVolumes });
    details.push(`remove replicas ${extraReplicas.join(', ')}`);
    current = { ...current, primaries: current.primaries.map((primary) => ({ ...primary, replicas: primary.replicas.filter((replica) => !extraReplicas.includes(replica.name)) })) };
  }
  // 2. Fewer shards: those on the highest node numbers are drained and removed.
  if (serving().length > shape.shards) {
    const leaving = [...serving()].sort((a, b) => byIndexDescending(a.name, b.name)).slice(0, serving().length - shape.shards);
    const removal = removeShards(current, leaving, removeVolumes, keys);
    steps.push(...removal.steps);
    details.push(...removal.moves.map(describeMove), `remove ${removal.removed.join(', ')}`);
    current = removal.topology;
  }
  // 3. More shards: created with the shape's replicas, then filled.
  if (serving().length < shape.shards) {
    const addition = addShards(current, shape.shards - serving().length, shape.replicasPerShard, pool);
    const moves = planBalanceBySlots(addition.topology, { receivers: addition.primaries }, keys);
    steps.push(...addition.steps, ...migrations(moves));
    details.push(`create ${addition.created.map((node) => node.name).join(', ')}`, ...moves.map(describeMove));
    current = applyMoves(addition.topology, moves);
  }
  // 4. More replicas for the shards that have fewer.
  const missing = serving().flatMap((primary) => Array.from({ length: Math.max(0, shape.replicasPerShard - primary.replicas.length) }, () => primary));
  if (missing.length > 0) {
    const created = missing.map((primary) => {
      const [index] = take(pool, 1);
      return { index, name: nodeService(index), primary: primary.name };
    });
    steps.push({ kind: 'createNodes', nodes: created }, { kind: 'join', nodes: created.map((node) => node.name) },
      ...created.map((node): Step => ({ kind: 'replicate', replica: node.name, primary: node.primary })));
    details.push(`add replicas ${created.map((node) => `${node.name} (of ${node.primary})`).join(', ')}`);
    current = { ...current, primaries: current.primaries.map((primary) => ({ ...primary, replicas: [...primary.replicas, ...created.filter((node) => node.primary === primary.name).map((node) => ({ id: '', name: node.name, announcedAddress: '' }))] })) };
  }
  const before = describeObserved(shapeOf(topology));
  const after = shapeOf(current);
  return {
    kind: 'scale',
    summary: steps.length === 0 ? `The cluster has ${before} already: nothing to change.` : `Scale from ${before} to ${describeObserved(after)}.`,
    details,
    steps,
    shapeAfter: after,
    needsContainers: steps.some((step) => step.kind === 'createNodes' || step.kind === 'removeNodes'),
  };
}
