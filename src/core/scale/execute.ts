// Runs an operation plan step by step: progress for each step (and each migration's own), cancel between steps and
// inside migrations where the server allows it, a deadline on every wait, and the cluster check at the end, whatever
// happened. The result says what was done; a plan is never half-reported.
import type { ConnectionHub } from '../target/hub';
import type { ClusterSnapshot, TargetSummary } from '../../shared/snapshot';
import { describeError, isCancelled, UserError } from '../errors';
import { type ActionId, type Phrase } from '../wording';
import { checkCluster, type ClusterCheck } from './check';
import { forgetNodes, joinNodes, nodeId, replicate } from './membership';
import { type MigrationMethod, type MigrationOutcome, migrateAtomic, migrateByKeys, type MigrationRequest, type Party, supportsAtomicMigration } from './migrate';
import type { NodeAt } from './node-calls';
import { NodeCalls } from './node-calls';
import { describeStep, type OperationPlan, type Step } from './plan-operation';
import { topologyOf } from './topology';
import type { Move } from './plan-moves';
import { formatSlotRanges } from '../../shared/present';

/** What a target that runs its nodes in containers (the local cluster) offers the operations. */
export interface NodeContainers {
  /** The lowest node numbers no member and no container has. */
  freeIndices(count: number): Promise<number[]>;
  nodeProblem(index: number): Phrase | undefined;
  /** Refuses `nodes` nodes in all when the machine cannot hold them. */
  checkCapacity(nodes: number): Promise<void>;
  memberCount(): number;
  /** Creates and starts the nodes on fresh data volumes, records them as members; resolves once they answer. */
  createNodes(indices: readonly number[], replicasPerShard: number, wait: { readonly deadline: number; readonly signal?: AbortSignal }): Promise<readonly NodeAt[]>;
  /** Removes the nodes' containers (and data volumes when asked) and records the members left. */
  removeNodes(names: readonly string[], removeVolumes: boolean, replicasPerShard: number): Promise<void>;
  /** Runs `work` as the target's one operation at a time. */
  exclusive<T>(action: ActionId, work: () => Promise<T>): Promise<T>;
}

export interface ScaleTarget {
  readonly summary: TargetSummary;
  readonly hub: ConnectionHub;
  /** A fresh look at the cluster. */
  observe(): Promise<ClusterSnapshot>;
  readonly containers?: NodeContainers;
}

export interface ExecuteOptions {
  readonly progress?: (message: string) => void;
  readonly signal?: AbortSignal;
  /** 'auto': atomic when every node can, else key by key. 'keys' forces the key-by-key method (older servers). */
  readonly method?: 'auto' | MigrationMethod;
  /** Waits for nodes to answer, join and sync end within this. Default 120 s. */
  readonly stepTimeoutMs?: number;
  /** How often a migration is looked at; default 100 ms. */
  readonly pollMs?: number;
}

export interface MigrationReport extends MigrationOutcome {
  readonly source: string;
  readonly target: string;
  readonly ranges: string;
}

export interface OperationResult {
  readonly status: 'done' | 'cancelled' | 'failed';
  /** What happened, one sentence. */
  readonly summary: string;
  readonly completed: readonly string[];
  readonly error?: string;
  readonly migrations: readonly MigrationReport[];
  readonly check: ClusterCheck;
  readonly seconds: number;
}

const DEFAULT_STEP_TIMEOUT_MS = 120_000;

/** Operations running against connections in this process, by target id (the local cluster uses its engine's lock). */
const running = new Map<string, ActionId>();

async function exclusive<T>(target: ScaleTarget, action: ActionId, work: () => Promise<T>): Promise<T> {
  if (target.containers) return target.containers.exclusive(action, work);
  const other = running.get(target.summary.id);
  if (other) throw new UserError('busy', `Another operation (${other}) is running on ${target.summary.label}.`, 'Wait for it to finish, or cancel it.');
  running.set(target.summary.id, action);
  try {
    return await work();
  } finally {
    running.delete(target.summary.id);
  }
}

class Run {
  private readonly created = new Map<string, NodeAt>();
  readonly migrations: MigrationReport[] = [];

  constructor(private readonly target: ScaleTarget, readonly calls: NodeCalls, private readonly options: ExecuteOptions, private readonly plan: OperationPlan) {}

  private get deadline(): number {
    return Date.now() + (this.options.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS);
  }

  private get replicasAfter(): number {
    const replicas = this.plan.shapeAfter?.replicas ?? [];
    return replicas.length === 0 ? 0 : Math.min(...replicas);
  }

  /** A node by name: one this run created, or one the cluster lists now (with its id). */
  private async node(name: string, snapshot?: ClusterSnapshot): Promise<Party> {
    const created = this.created.get(name);
    if (created) return { ...created, id: await nodeId(this.calls, created) };
    const listed = (snapshot ?? (await this.target.observe())).nodes.find((node) => node.name === name);
    if (!listed || listed.id === '') throw new UserError('operationFailed', `${name} is not part of the cluster any more.`);
    return { name: listed.name, announcedAddress: listed.announcedAddress, id: listed.id };
  }

  async run(step: Step, report: (text: string) => void): Promise<void> {
    switch (step.kind) {
      case 'createNodes': {
        const containers = this.target.containers!;
        const nodes = await containers.createNodes(step.nodes.map((node) => node.index), this.replicasAfter, { deadline: this.deadline, signal: this.options.signal });
        for (const node of nodes) this.created.set(node.name, node);
        return;
      }
      case 'join': {
        const snapshot = await this.target.observe();
        const members = snapshot.nodes.filter((node) => node.health === 'online' && node.id !== '' && !step.nodes.includes(node.name));
        await joinNodes(this.calls, members, await Promise.all(step.nodes.map((name) => this.node(name, snapshot))), { deadline: this.deadline, signal: this.options.signal });
        return;
      }
      case 'replicate':
        await replicate(this.calls, await this.node(step.replica), await this.node(step.primary), { deadline: this.deadline, signal: this.options.signal });
        return;
      case 'migrate':
        await this.migrate(step.move, report);
        return;
      case 'forget': {
        const snapshot = await this.target.observe();
        const leaving = await Promise.all(step.nodes.map((name) => this.node(name, snapshot)));
        const staying = snapshot.nodes.filter((node) => node.id !== '' && node.health === 'online' && !step.nodes.includes(node.name));
        await forgetNodes(this.calls, staying, leaving, { deadline: this.deadline, signal: this.options.signal });
        return;
      }
      case 'removeNodes':
        await this.target.containers!.removeNodes(step.nodes, step.removeVolumes, this.replicasAfter);
        return;
    }
  }

  /** The move as the cluster is now: the slots from whoever serves them (a failover may have changed it). */
  private async migrate(move: Move, report: (text: string) => void): Promise<void> {
    const snapshot = await this.target.observe();
    const topology = topologyOf(snapshot);
    const target = await this.node(move.target, snapshot);
    const primaries: Party[] = topology.primaries.filter((primary) => primary.id !== '').map((primary) => ({ name: primary.name, announcedAddress: primary.announcedAddress, id: primary.id }));
    if (!primaries.some((primary) => primary.id === target.id)) primaries.push(target);
    const bySource = topology.primaries.filter((primary) => primary.id !== target.id).flatMap((primary) => {
      const ranges = intersect(primary.slots, move.ranges);
      return ranges.length === 0 ? [] : [{ source: { name: primary.name, announcedAddress: primary.announcedAddress, id: primary.id }, ranges }];
    });
    const method = this.options.method === 'keys' ? 'keys'
      : this.options.method === 'atomic' || await supportsAtomicMigration(this.calls, primaries) ? 'atomic' : 'keys';
    const nameOf = (id: string) => snapshot.nodes.find((node) => node.id === id)?.name;
    for (const { source, ranges } of bySource) {
      const request: MigrationRequest = { source, target, ranges, primaries, nameOf };
      const text = `slots ${formatSlotRanges(ranges, 3)} ${source.name} → ${target.name}`;
      const outcome = await (method === 'atomic' ? migrateAtomic : migrateByKeys)(this.calls, request, {
        signal: this.options.signal,
        ...(this.options.pollMs === undefined ? {} : { pollMs: this.options.pollMs }),
        onProgress: (progress) => report(`${text}: ${progress.state}${progress.fraction === undefined ? '' : ` (${Math.round(progress.fraction * 100)}%)`}`),
      });
      this.migrations.push({ ...outcome, source: source.name, target: target.name, ranges: formatSlotRanges(ranges) });
      if (outcome.status === 'cancelled') throw new UserError('cancelled', `The migration of ${text} was cancelled; those slots stay with ${source.name}.${outcome.message ? ` ${outcome.message}` : ''}`);
      if (outcome.status === 'failed') throw new UserError('operationFailed', `The migration of ${text} (${method}) failed: ${outcome.message ?? 'no reason given'}`);
    }
  }

  /** The members to check: every node the cluster lists that is not being removed. */
  async check(): Promise<ClusterCheck> {
    const snapshot = await this.target.observe();
    const members = snapshot.nodes.filter((node) => node.id !== '');
    const answering = members.filter((node) => node.health === 'online' || node.health === 'loading');
    const check = await checkCluster(this.calls, answering);
    const silent = members.filter((node) => !answering.includes(node)).map((node) => `${node.name} is ${node.health}${node.error ? ` (${node.error})` : ''}.`);
    return { ok: check.ok && silent.length === 0, problems: [...silent, ...check.problems] };
  }
}

function intersect(owned: readonly { start: number; end: number }[], wanted: readonly { start: number; end: number }[]): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  for (const a of owned) for (const b of wanted) {
    const start = Math.max(a.start, b.start);
    const end = Math.min(a.end, b.end);
    if (start <= end) ranges.push({ start, end });
  }
  return ranges.sort((x, y) => x.start - y.start);
}

/** Executes the plan as the target's one operation; resolves with what happened (never half-reported). */
export function executePlan(target: ScaleTarget, plan: OperationPlan, options: ExecuteOptions = {}): Promise<OperationResult> {
  return exclusive(target, plan.kind, async () => {
    const started = Date.now();
    const calls = new NodeCalls(target.hub);
    const run = new Run(target, calls, options, plan);
    const completed: string[] = [];
    let status: OperationResult['status'] = 'done';
    let error: string | undefined;
    const progress = options.progress ?? (() => undefined);
    for (const [index, step] of plan.steps.entries()) {
      if (options.signal?.aborted) {
        status = 'cancelled';
        break;
      }
      const prefix = `Step ${index + 1} of ${plan.steps.length}`;
      progress(`${prefix}: ${describeStep(step)}`);
      try {
        await run.run(step, (text) => progress(`${prefix}: ${text}`));
      } catch (thrown) {
        if (isCancelled(thrown)) {
          status = 'cancelled';
          error = (thrown as UserError).message === 'Cancelled.' ? undefined : (thrown as UserError).message;
        } else {
          status = 'failed';
          error = `${describeStep(step)}: ${describeError(thrown)}`;
        }
        break;
      }
      completed.push(describeStep(step));
    }
    progress('Checking the cluster');
    const check = await run.check();
    const done = completed.length === plan.steps.length;
    const summary = plan.steps.length === 0 ? plan.summary : status === 'done' ? `${plan.summary.replace(/\.$/, '')}: done.`
      : `${status === 'cancelled' ? 'Cancelled' : 'Failed'} after ${completed.length} of ${plan.steps.length} steps${completed.length > 0 ? ` (${completed.join('; ')})` : ''}.${error ? ` ${error}` : ''}`;
    return { status: done ? 'done' : status, summary, completed, ...(error ? { error } : {}), migrations: run.migrations, check, seconds: (Date.now() - started) / 1000 };
  });
}
