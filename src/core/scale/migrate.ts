// Moving slots from one primary to another, with their keys, while clients keep writing.
//   atomic (Valkey 9): CLUSTER MIGRATESLOTS SLOTSRANGE <start> <end> … NODE <target-id> on the source, which ships a
//     snapshot of the slots and then their writes, pauses writes briefly and hands them over; followed with
//     CLUSTER GETSLOTMIGRATIONS, cancelled with CLUSTER CANCELSLOTMIGRATIONS (which cancels every export the source
//     runs; one runs at a time here). A failed or cancelled migration leaves the slots where they were.
//   keys (any version, what valkey-cli --cluster reshard does): per slot, SETSLOT IMPORTING on the target, SETSLOT
//     MIGRATING on the source, GETKEYSINSLOT + MIGRATE … KEYS in batches, then SETSLOT NODE on target, source and
//     every other primary. Cancelling stops between slots.
import type { SlotRange } from '../../shared/snapshot';
import { sleep } from '../deadline';
import { UserError, isCancelled } from '../errors';
import { FINISHED_STATES, parseSlotMigrations, type SlotMigrationJob } from '../cluster/parse-migrations';
import { parseClusterNodes } from '../cluster/parse';
import { countSlots } from '../cluster/slots';
import { type NodeAt, type NodeCalls, refused } from './node-calls';
import { describeRanges } from './slot-input';
import { keysInRanges } from './slot-keys';

export type MigrationMethod = 'atomic' | 'keys';

export interface Party extends NodeAt {
  readonly id: string;
}

export interface MigrationRequest {
  readonly source: Party;
  readonly target: Party;
  readonly ranges: readonly SlotRange[];
  /** Every primary of the cluster (the key method tells each the new owner). */
  readonly primaries: readonly Party[];
  /** Names nodes by id in messages (a replica that took over). */
  readonly nameOf?: (id: string) => string | undefined;
}

export interface MigrationProgress {
  /** 0-1 when it can be told. */
  readonly fraction?: number;
  /** e.g. "snapshotting", "slot 1200 of 1365". */
  readonly state: string;
}

export interface MigrationOutcome {
  readonly method: MigrationMethod;
  readonly status: 'moved' | 'cancelled' | 'failed';
  readonly keys: number;
  readonly seconds: number;
  /** What went wrong, or how a cancel ended. */
  readonly message?: string;
}

export interface MigrationOptions {
  readonly onProgress?: (progress: MigrationProgress) => void;
  readonly signal?: AbortSignal;
  /** A migration that shows no change for this long is given up (cancelled). Default 120 s. */
  readonly stallMs?: number;
  readonly pollMs?: number;
}

const DEFAULT_STALL_MS = 120_000;
const KEYS_PER_MIGRATE = 1000;
const MIGRATE_TIMEOUT_MS = 30_000;

/** True when every node answers COMMAND DOCS for CLUSTER MIGRATESLOTS. */
export async function supportsAtomicMigration(calls: NodeCalls, nodes: readonly NodeAt[]): Promise<boolean> {
  const replies = await Promise.all(nodes.map((node) => calls.call(node, 'COMMAND', 'DOCS', 'cluster|migrateslots').catch(() => undefined)));
  return replies.every((reply) => Array.isArray(reply) && reply.length > 0);
}

/** Who serves the first slot of the ranges, as `node` sees it (undefined when it cannot tell). */
async function ownerOf(calls: NodeCalls, node: NodeAt, ranges: readonly SlotRange[]): Promise<{ id: string; address: string; failed: boolean } | undefined> {
  const slot = ranges[0]?.start;
  if (slot === undefined) return undefined;
  const lines = parseClusterNodes(String(await calls.call(node, 'CLUSTER', 'NODES')));
  const owner = lines.find((line) => line.slots.some((range) => range.start <= slot && slot <= range.end));
  return owner && { id: owner.id, address: owner.address, failed: owner.flags.includes('fail') };
}

function rangeArguments(ranges: readonly SlotRange[]): string[] {
  return ranges.flatMap((range) => [String(range.start), String(range.end)]);
}

function sameRanges(a: readonly SlotRange[], b: readonly SlotRange[]): boolean {
  return a.length === b.length && a.every((range, index) => range.start === b[index].start && range.end === b[index].end);
}

async function jobsOf(calls: NodeCalls, node: NodeAt): Promise<SlotMigrationJob[]> {
  return parseSlotMigrations(await calls.call(node, 'CLUSTER', 'GETSLOTMIGRATIONS'));
}

const STATE_FRACTIONS: Readonly<Record<string, number>> = { connecting: 0.02, 'sending-auth-command': 0.03, 'reading-auth-response': 0.03, 'sending-establish-command': 0.04, 'reading-establish-response': 0.04, 'waiting-to-snapshot': 0.05 };

export async function migrateAtomic(calls: NodeCalls, request: MigrationRequest, options: MigrationOptions = {}): Promise<MigrationOutcome> {
  const { source, target, ranges } = request;
  const started = Date.now();
  const report = options.onProgress ?? (() => undefined);
  const total = await keysInRanges(calls, source, ranges);
  const before = Number(await calls.expect(target, 'DBSIZE'));
  const done = (status: MigrationOutcome['status'], message?: string): MigrationOutcome =>
    ({ method: 'atomic', status, keys: total, seconds: (Date.now() - started) / 1000, ...(message ? { message } : {}) });
  await calls.expect(source, 'CLUSTER', 'MIGRATESLOTS', 'SLOTSRANGE', ...rangeArguments(ranges), 'NODE', target.id);
  const since = Math.floor(started / 1000) - 1;
  let name: string | undefined;
  let cancelSent = false;
  let lastChange = Date.now();
  let lastSeen = '';
  const stallMs = options.stallMs ?? DEFAULT_STALL_MS;
  for (;;) {
    if (options.signal?.aborted && !cancelSent) {
      cancelSent = true;
      await calls.call(source, 'CLUSTER', 'CANCELSLOTMIGRATIONS').catch(() => undefined);
    }
    // The source's own record; when the source does not answer (it failed), the target's.
    let job: SlotMigrationJob | undefined;
    let sourceDown = false;
    try {
      job = (await jobsOf(calls, source)).find((entry) => entry.operation === 'export' && (name ? entry.name === name
        : entry.targetId === target.id && entry.createTime >= since && sameRanges(entry.ranges, ranges)));
    } catch {
      sourceDown = true;
    }
    // The source's record goes when the source fails, and when it gave away its last slots and became a replica
    // (Valkey's replica migration): then the target's record of the same job says how it ended.
    if (!job && name !== undefined) job = (await jobsOf(calls, target).catch(() => [])).find((entry) => entry.name === name);
    name ??= job?.name;
    // A source that stopped answering before anyone recorded how the migration ended: the cluster says by who now
    // serves the slots (its replica took over: nothing moved; the target: it did).
    if (sourceDown && (!job || !FINISHED_STATES.has(job.state))) {
      const owner = await ownerOf(calls, target, ranges).catch(() => undefined);
      if (owner && owner.id === target.id) return done('moved', `${source.name} stopped answering, after ${target.name} took over the slots.`);
      if (owner && owner.id !== source.id && !owner.failed) {
        const heir = request.nameOf?.(owner.id) ?? owner.address;
        return done('failed', `${source.name} stopped answering during the migration; ${heir} took over its slots, so none moved to ${target.name}.${job?.message ? ` ${target.name} says: ${job.message}` : ''}`);
      }
    }
    if (job && FINISHED_STATES.has(job.state)) {
      if (job.state === 'success') {
        report({ fraction: 1, state: 'success' });
        return done('moved');
      }
      if (job.state === 'cancelled') return done('cancelled', cancelSent ? undefined : 'Cancelled on the server.');
      return done('failed', job.message || 'The server gave no reason.');
    }
    const copied = await calls.call(target, 'DBSIZE').then((size) => Number(size) - before, () => undefined);
    const fraction = job ? STATE_FRACTIONS[job.state] ?? (total === 0 || copied === undefined ? undefined : Math.min(0.99, Math.max(0.05, copied / total))) : undefined;
    const state = sourceDown ? `${source.name} does not answer` : job?.state ?? 'starting';
    const seen = `${state} ${copied ?? ''} ${job?.remainingBytes ?? ''}`;
    if (seen !== lastSeen) {
      lastSeen = seen;
      lastChange = Date.now();
      report({ ...(fraction === undefined ? {} : { fraction }), state });
    }
    if (Date.now() - lastChange > stallMs) {
      if (!cancelSent) await calls.call(source, 'CLUSTER', 'CANCELSLOTMIGRATIONS').catch(() => undefined);
      return done('failed', sourceDown
        ? `${source.name} stopped answering, and neither it nor ${target.name} reported how the migration ended within ${stallMs / 1000} s.`
        : `The migration showed no progress for ${stallMs / 1000} s (state ${state}) and was cancelled.`);
    }
    await sleep(options.pollMs ?? 100).catch(() => undefined);
  }
}

function authArguments(calls: NodeCalls): string[] {
  const { username, password } = calls.reach.credentials;
  if (!password) return [];
  return username ? ['AUTH2', username, password] : ['AUTH', password];
}

function hostPort(node: NodeAt): [string, string] {
  const colon = node.announcedAddress.lastIndexOf(':');
  return [node.announcedAddress.slice(0, colon), node.announcedAddress.slice(colon + 1)];
}

/** One slot, key by key: open on both ends, keys shipped in batches, then the new owner told to every primary. */
async function moveSlotByKeys(calls: NodeCalls, request: MigrationRequest, slot: number, onKeys: (count: number) => void): Promise<void> {
  const { source, target } = request;
  await calls.expect(target, 'CLUSTER', 'SETSLOT', slot, 'IMPORTING', source.id);
  await calls.expect(source, 'CLUSTER', 'SETSLOT', slot, 'MIGRATING', target.id);
  const [host, port] = hostPort(target);
  for (;;) {
    const keys = (await calls.expect(source, 'CLUSTER', 'GETKEYSINSLOT', slot, KEYS_PER_MIGRATE)) as string[];
    if (keys.length === 0) break;
    const args = ['MIGRATE', host, port, '', '0', String(MIGRATE_TIMEOUT_MS), ...authArguments(calls), 'KEYS', ...keys];
    try {
      await calls.call(source, ...args);
    } catch (error) {
      // The password is among the arguments: the message names the command only.
      throw new UserError('operationFailed', `${source.name} could not MIGRATE keys of slot ${slot} to ${target.name}: ${(error as Error).message}`,
        'The slot stays open on both nodes: run the operation again, or valkey-cli --cluster fix.');
    }
    onKeys(keys.length);
  }
  const others = request.primaries.filter((primary) => primary.id !== source.id && primary.id !== target.id);
  for (const node of [target, source]) await calls.expect(node, 'CLUSTER', 'SETSLOT', slot, 'NODE', target.id);
  await Promise.all(others.map((node) => calls.call(node, 'CLUSTER', 'SETSLOT', slot, 'NODE', target.id).catch((error: unknown) => {
    // A primary that does not take it learns the new owner by gossip (the target's epoch is higher).
    if (!/unknown|not/i.test((error as Error).message)) throw refused(node, ['CLUSTER', 'SETSLOT'], error);
  })));
}

export async function migrateByKeys(calls: NodeCalls, request: MigrationRequest, options: MigrationOptions = {}): Promise<MigrationOutcome> {
  const started = Date.now();
  const report = options.onProgress ?? (() => undefined);
  const total = await keysInRanges(calls, request.source, request.ranges);
  const slots = request.ranges.flatMap((range) => Array.from({ length: range.end - range.start + 1 }, (_, offset) => range.start + offset));
  let moved = 0;
  let slotsDone = 0;
  const result = (status: MigrationOutcome['status'], message?: string): MigrationOutcome =>
    ({ method: 'keys', status, keys: moved, seconds: (Date.now() - started) / 1000, ...(message ? { message } : {}) });
  for (const slot of slots) {
    if (options.signal?.aborted) {
      const left = countSlots(request.ranges) - slotsDone;
      return result('cancelled', slotsDone === 0 ? undefined : `Stopped after ${slotsDone} of ${slots.length} slots (slots up to ${slot - 1} moved; ${left} stay with ${request.source.name}).`);
    }
    try {
      await moveSlotByKeys(calls, request, slot, (count) => {
        moved += count;
        report({ fraction: total === 0 ? slotsDone / slots.length : Math.min(1, moved / total), state: `slot ${slotsDone + 1} of ${slots.length}` });
      });
    } catch (error) {
      if (isCancelled(error)) throw error;
      return result('failed', `${(error as Error).message} (${slotsDone} of ${slots.length} slots of ${describeRanges(request.ranges)} had moved)`);
    }
    slotsDone++;
    report({ fraction: total === 0 ? slotsDone / slots.length : Math.min(1, moved / total), state: `slot ${slotsDone} of ${slots.length}` });
  }
  return result('moved');
}
