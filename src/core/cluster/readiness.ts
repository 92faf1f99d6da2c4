// "Ready" means the same thing everywhere (engine, CLI, views, benchmarks), read off one snapshot: every expected
// node answers with the password, sees the cluster ok with all 16384 slots ok, and every primary serving slots
// has a linked replica (when the shape has replicas, or the cluster lists one for it) while every replica's link is up.
import { isAuthError } from '../client/connect';
import { sleep } from '../deadline';
import { UserError, throwIfAborted } from '../errors';
import { action, phrase, setting } from '../wording';
import { TOTAL_SLOTS } from '../../shared/snapshot';
import type { ClusterSnapshot, NodeSnapshot } from '../../shared/snapshot';

export interface ReadinessExpectation {
  /** Names of the nodes the cluster should have (entries the cluster lists beyond them are not waited for). */
  readonly members: readonly string[];
  readonly replicasPerShard: number;
}

/** What the planned cluster should come to: its nodes, and replicas when the init service is told to make them. */
export function planExpectation(plan: { readonly nodes: readonly { readonly name: string }[]; readonly replicasPerShard: number }): ReadinessExpectation {
  return { members: plan.nodes.map((node) => node.name), replicasPerShard: plan.replicasPerShard };
}

export interface Readiness {
  readonly ready: boolean;
  /** Every expected node answers. */
  readonly answering: boolean;
  /** The cluster exists (nodes know each other, slots assigned), whether or not it is ready yet. */
  readonly formed: boolean;
  /** Every node is blank: never joined a cluster. */
  readonly blank: boolean;
  /** A node that refuses the password, if any: waiting will not help. */
  readonly refusedBy?: string;
  /** What keeps it from being ready, one sentence each. */
  readonly missing: readonly string[];
}

function whatIsMissing(node: NodeSnapshot, snapshot: ClusterSnapshot, expectation: ReadinessExpectation): string | undefined {
  const view = node.view;
  if (!view) return `${node.name} does not answer (${node.error ?? 'no reply'}).`;
  if (view.state !== 'ok' || view.slotsOk !== TOTAL_SLOTS) return `${node.name} sees the cluster as ${view.state} with ${view.slotsOk}/${TOTAL_SLOTS} slots ok.`;
  // A shape's shards may differ (a replica removed from one of them): each primary needs the replicas it has.
  const listsReplicas = () => snapshot.shards.some((shard) => shard.primary?.name === node.name && shard.replicas.length > 0);
  if (node.role === 'primary' && node.slotCount > 0 && (expectation.replicasPerShard > 0 || listsReplicas()) && !node.connectedReplicas) return `${node.name} (primary) has no replica linked yet.`;
  if (node.role === 'replica' && !node.linkUp) return `${node.name} (replica) is not linked to its primary yet.`;
  return undefined;
}

export function readinessOf(snapshot: ClusterSnapshot, expectation: ReadinessExpectation): Readiness {
  const expected = new Set(expectation.members);
  const nodes = snapshot.nodes.filter((node) => expected.has(node.name));
  const absent = expectation.members.filter((name) => !nodes.some((node) => node.name === name));
  const missing = [
    ...absent.map((name) => `${name} is not part of what was observed.`),
    ...nodes.map((node) => whatIsMissing(node, snapshot, expectation)).filter((text): text is string => text !== undefined),
  ];
  const views = nodes.flatMap((node) => (node.view ? [node.view] : []));
  const answering = absent.length === 0 && views.length === nodes.length;
  const refusedBy = nodes.find((node) => node.error !== undefined && isAuthError(node.error))?.name;
  return {
    ready: missing.length === 0,
    answering,
    formed: views.length > 0 && views.every((view) => view.knownNodes === expected.size && view.slotsAssigned > 0),
    blank: answering && views.every((view) => view.knownNodes === 1 && view.slotsAssigned === 0),
    ...(refusedBy === undefined ? {} : { refusedBy }),
    missing,
  };
}

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** What to wait for; default: ready. */
  readonly until?: (readiness: Readiness) => boolean;
  readonly pollMs?: number;
}

/** Observes until the condition holds. A refused password ends the wait at once (waiting cannot fix it); on timeout
 * the error lists what is still missing. Each observation is itself bounded (see NodeConnectionPool). */
export async function waitForCluster(observe: () => Promise<ClusterSnapshot>, expectation: ReadinessExpectation, options: WaitOptions): Promise<Readiness> {
  const until = options.until ?? ((readiness: Readiness) => readiness.ready);
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    throwIfAborted(options.signal);
    const readiness = readinessOf(await observe(), expectation);
    if (until(readiness)) return readiness;
    if (readiness.refusedBy) {
      throw new UserError('wrongPassword', `${readiness.refusedBy} refuses the password: it runs with a different one.`,
        phrase`Restart the cluster (Stop, then Start) to apply the stored password, or set ${setting('password')} to the one it runs with.`);
    }
    if (Date.now() >= deadline) {
      throw new UserError('notReady', `The cluster was not ready after ${Math.round(options.timeoutMs / 1000)} s: ${readiness.missing.join(' ')}`,
        phrase`Check the node logs (${action('showLogs')}), run ${action('init')}, or raise ${setting('readyTimeoutSeconds')}.`);
    }
    await sleep(Math.min(options.pollMs ?? 100, Math.max(0, deadline - Date.now())), options.signal);
  }
}
