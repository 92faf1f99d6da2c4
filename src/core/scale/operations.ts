// The one entry point of shape and slot operations for every front end (extension, CLI, tests): a request becomes
// a plan from the cluster as it is now, checked before anything changes (input, one operation at a time, node
// numbers the address plan and ports allow, what the machine holds), and the plan is executed on confirmation.
import type { ClusterShape } from '../compose/shape';
import { UserError } from '../errors';
import { shapeProblems } from '../settings';
import { joinPhrases, phrase } from '../wording';
import type { SlotRange } from '../../shared/snapshot';
import { formatSlotRanges, slotsText } from '../../shared/present';
import { executePlan, type ExecuteOptions, type OperationResult, type ScaleTarget } from './execute';
import { NodeCalls } from './node-calls';
import { FINISHED_STATES, parseSlotMigrations } from '../cluster/parse-migrations';
import { assertQuiet, type OperationPlan, planAddReplica, planAddShard, planMoveOperation, planRebalanceOperation, planRemoveReplica, planRemoveShard, planScale, replicasOfShards } from './plan-operation';
import { checkRange, parseSlotRanges } from './slot-input';
import { keysPerSlot } from './slot-keys';
import { type Topology, topologyOf } from './topology';

export type OperationRequest =
  | { readonly kind: 'moveSlots'; readonly ranges: string | readonly SlotRange[]; readonly to: string }
  | { readonly kind: 'rebalance'; readonly by: 'slots' | 'keys' }
  | { readonly kind: 'addShard'; readonly replicas?: number }
  | { readonly kind: 'removeShard'; readonly shard: string; readonly removeVolumes: boolean }
  | { readonly kind: 'addReplica'; readonly shard: string }
  | { readonly kind: 'removeReplica'; readonly node: string; readonly removeVolumes: boolean }
  | { readonly kind: 'scale'; readonly shape: ClusterShape; readonly removeVolumes: boolean };

export interface PreparedOperation {
  readonly plan: OperationPlan;
  /** Runs the plan; call at most once. */
  execute(options?: ExecuteOptions): Promise<OperationResult>;
}

/** Migrations running or slots left open on any node that answers: another operation (or tool) is at work. */
async function busyWith(calls: NodeCalls, topology: Topology): Promise<string[]> {
  const found = await Promise.all(topology.nodes.filter((node) => node.health === 'online' && node.id !== '').map(async (node) => {
    const replies = await calls.pipeline(node, [['CLUSTER', 'GETSLOTMIGRATIONS'], ['CLUSTER', 'NODES']]).catch(() => undefined);
    if (!replies) return [];
    const running = parseSlotMigrations(replies[0][1]).filter((job) => job.operation === 'export' && !FINISHED_STATES.has(job.state))
      .map((job) => `${node.name} is moving slots ${formatSlotRanges(job.ranges, 3)} (${job.state}).`);
    const self = String(replies[1][1] ?? '').split('\n').find((line) => line.includes('myself'));
    const open = self?.split(/\s+/).filter((token) => token.startsWith('[')) ?? [];
    return [...running, ...(open.length > 0 ? [`${node.name} has ${slotsText(open.length)} open (${open.slice(0, 3).join(' ')}).`] : [])];
  }));
  return found.flat();
}

function containersOf(target: ScaleTarget, what: string) {
  if (!target.containers) {
    throw new UserError('invalidRequest', `${what} needs node containers, which only the local cluster has: ${target.summary.label} is a connection.`,
      'On a connection, Move Slots and Rebalance work; add or remove its nodes with the tools of whoever runs it.');
  }
  return target.containers;
}

function newNodeCount(plan: OperationPlan): { created: number[]; removed: number } {
  const created = plan.steps.flatMap((step) => (step.kind === 'createNodes' ? step.nodes.map((node) => node.index) : []));
  const removed = plan.steps.reduce((sum, step) => sum + (step.kind === 'removeNodes' ? step.nodes.length : 0), 0);
  return { created, removed };
}

export async function prepareOperation(target: ScaleTarget, request: OperationRequest): Promise<PreparedOperation> {
  if (target.summary.readOnly) throw new UserError('invalidRequest', `${target.summary.label} is read-only: its slots and shards are not changed from here.`);
  const ranges = request.kind === 'moveSlots' ? (typeof request.ranges === 'string' ? parseSlotRanges(request.ranges) : request.ranges.map((range) => checkRange(range))) : [];
  if (request.kind === 'moveSlots' && ranges.length === 0) parseSlotRanges('');
  if (request.kind === 'scale') {
    const problems = shapeProblems(request.shape);
    if (problems.length > 0) throw new UserError('invalidRequest', joinPhrases(problems));
  }
  const topology = topologyOf(await target.observe());
  const calls = new NodeCalls(target.hub);
  assertQuiet(await busyWith(calls, topology));
  const keys = await keysPerSlot(calls, topology.primaries);
  const free = async (count: number) => containersOf(target, kindWords[request.kind]).freeIndices(count);
  let plan: OperationPlan;
  switch (request.kind) {
    case 'moveSlots':
      plan = planMoveOperation(topology, ranges, request.to, keys);
      break;
    case 'rebalance':
      plan = planRebalanceOperation(topology, request.by, keys);
      break;
    case 'addShard': {
      const replicas = request.replicas ?? replicasOfShards(topology);
      plan = planAddShard(topology, await free(1 + replicas), keys, replicas);
      break;
    }
    case 'removeShard':
      containersOf(target, kindWords.removeShard);
      plan = planRemoveShard(topology, request.shard, request.removeVolumes, keys);
      break;
    case 'addReplica':
      plan = planAddReplica(topology, request.shard, await free(1));
      break;
    case 'removeReplica':
      containersOf(target, kindWords.removeReplica);
      plan = planRemoveReplica(topology, request.node, request.removeVolumes);
      break;
    case 'scale':
      plan = planScale(topology, request.shape, await free(request.shape.shards * (1 + request.shape.replicasPerShard)), request.removeVolumes, keys);
      if (plan.needsContainers) containersOf(target, kindWords.scale);
      break;
  }
  const { created, removed } = newNodeCount(plan);
  if (created.length > 0) {
    const containers = containersOf(target, kindWords[request.kind]);
    const problems = created.map((index) => containers.nodeProblem(index)).filter((problem) => problem !== undefined);
    if (problems.length > 0) throw new UserError('invalidRequest', phrase`${joinPhrases(problems)} Nothing was changed.`);
    await containers.checkCapacity(containers.memberCount() + created.length - removed);
  }
  return { plan, execute: (options) => executePlan(target, plan, options) };
}

const kindWords: Readonly<Record<OperationRequest['kind'], string>> = {
  moveSlots: 'Moving slots',
  rebalance: 'Rebalancing',
  addShard: 'Adding a shard',
  removeShard: 'Removing a shard',
  addReplica: 'Adding a replica',
  removeReplica: 'Removing a replica',
  scale: 'Changing the number of nodes',
};
