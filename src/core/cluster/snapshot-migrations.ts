// Slot migrations and per-slot load as the views show them, from what each node said in its round of queries:
// CLUSTER GETSLOTMIGRATIONS (atomic migrations, running or recently finished), the open slots on its own CLUSTER
// NODES line (key-by-key migrations), and CLUSTER SLOT-STATS (only while a view asks). Pure.
import type { NodeSnapshot, SlotMigration, SlotStats } from '../../shared/snapshot';
import { TOTAL_SLOTS } from '../../shared/snapshot';
import { FINISHED_STATES, ownOpenSlots, parseSlotMigrations, type SlotMigrationJob } from './parse-migrations';
import { parseSlotStats } from './parse-slot-stats';
import { compressSlots } from './slots';

interface Observed {
  readonly name: string;
  readonly reachable: boolean;
  readonly clusterNodes?: string;
  readonly slotMigrations?: unknown;
  readonly slotStats?: unknown;
}

/** Finished migrations stay in view this long. */
export const FINISHED_SHOWN_MS = 10 * 60_000;
const MOST_SHOWN = 20;

function outcomeOf(state: string): SlotMigration['outcome'] {
  if (state === 'success') return 'succeeded';
  if (state === 'failed' || state === 'cancelled') return state;
  return 'running';
}

function fromJob(job: SlotMigrationJob, nameOf: (id: string | undefined, fallback: string) => string, reporter: string): SlotMigration {
  const [source, target] = job.operation === 'export'
    ? [nameOf(job.sourceId, reporter), nameOf(job.targetId, '?')]
    : [nameOf(job.sourceId, '?'), nameOf(job.targetId, reporter)];
  return {
    source,
    target,
    ranges: job.ranges,
    method: 'atomic',
    state: job.state,
    outcome: outcomeOf(job.state),
    ...(job.message ? { message: job.message } : {}),
    ...(job.lastUpdateTime > 0 ? { updatedAt: job.lastUpdateTime * 1000 } : {}),
    ...(job.remainingBytes === undefined || FINISHED_STATES.has(job.state) ? {} : { remainingBytes: job.remainingBytes }),
  };
}

/** One entry per migration: the source's record when it answered (it drives the migration), else the target's. */
export function slotMigrations(observed: readonly Observed[], nodes: readonly NodeSnapshot[], takenAt: number): SlotMigration[] {
  const nameOf = (id: string | undefined, fallback: string) => (id ? nodes.find((node) => node.id === id)?.name ?? id.slice(0, 8) : fallback);
  const jobs = new Map<string, { job: SlotMigrationJob; reporter: string }>();
  for (const node of observed) {
    if (!node.reachable) continue;
    for (const job of parseSlotMigrations(node.slotMigrations)) {
      const known = jobs.get(job.name);
      if (!known || (job.operation === 'export' && known.job.operation === 'import')) jobs.set(job.name, { job, reporter: node.name });
    }
  }
  const atomic = [...jobs.values()]
    .filter(({ job }) => !FINISHED_STATES.has(job.state) || job.lastUpdateTime * 1000 >= takenAt - FINISHED_SHOWN_MS)
    .map(({ job, reporter }) => fromJob(job, nameOf, reporter));
  const byKeys = new Map<string, { source: string; target: string; slots: number[] }>();
  for (const node of observed) {
    for (const open of ownOpenSlots(node.clusterNodes ?? '')?.open ?? []) {
      // The source's side names the migration; the target's only when the source's is not seen.
      const [source, target] = open.direction === 'migrating' ? [node.name, nameOf(open.peerId, '?')] : [nameOf(open.peerId, '?'), node.name];
      const key = `${source}\n${target}`;
      const entry = byKeys.get(key) ?? { source, target, slots: [] };
      if (!entry.slots.includes(open.slot)) entry.slots.push(open.slot);
      byKeys.set(key, entry);
    }
  }
  const keyed: SlotMigration[] = [...byKeys.values()].map(({ source, target, slots }) => ({
    source, target, ranges: compressSlots(slots), method: 'keys', state: 'migrating', outcome: 'running',
  }));
  const order = (migration: SlotMigration) => (migration.outcome === 'running' ? Infinity : migration.updatedAt ?? 0);
  return [...keyed, ...atomic].sort((a, b) => order(b) - order(a)).slice(0, MOST_SHOWN);
}

/** Keys (and CPU, when counted) per slot, from the primaries' own CLUSTER SLOT-STATS; undefined when none gave it. */
export function slotStats(observed: readonly Observed[], nodes: readonly NodeSnapshot[]): SlotStats | undefined {
  const primaries = new Set(nodes.filter((node) => node.role === 'primary').map((node) => node.name));
  const answers = observed.filter((node) => primaries.has(node.name) && node.slotStats !== undefined);
  if (answers.length === 0) return undefined;
  const keys = new Array<number>(TOTAL_SLOTS).fill(0);
  const cpu = new Array<number>(TOTAL_SLOTS).fill(0);
  let cpuCounted = false;
  for (const node of answers) {
    for (const stat of parseSlotStats(node.slotStats)) {
      keys[stat.slot] = stat.keys;
      if (stat.cpuUsec !== undefined) {
        cpu[stat.slot] = stat.cpuUsec;
        cpuCounted = true;
      }
    }
  }
  return { keys, ...(cpuCounted ? { cpuUsec: cpu } : {}) };
}
