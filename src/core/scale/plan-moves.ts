// Which slots go where: a range moved to a shard, the cluster balanced by slot count or by keys, a shard drained or a
// new one filled. Pure: plans are computed from a Topology (and keys per slot when known), and can be applied to it
// to plan the next step of a longer operation.
import type { SlotRange } from '../../shared/snapshot';
import { TOTAL_SLOTS } from '../../shared/snapshot';
import { compressSlots, countSlots } from '../cluster/slots';
import { UserError } from '../errors';
import { describeRanges } from './slot-input';
import type { Primary, Topology } from './topology';

export interface Move {
  /** Primary that serves the slots when planned (node name). */
  readonly source: string;
  /** Primary that gets them (node name). */
  readonly target: string;
  readonly ranges: readonly SlotRange[];
  readonly slots: number;
  /** Keys in those slots when planned, when known. */
  readonly keys?: number;
}

/** Keys in each of the 16384 slots. */
export type KeysPerSlot = ArrayLike<number>;

/** Slot → owner name, for the planning arithmetic. */
function owners(topology: Topology): (string | undefined)[] {
  const owner = new Array<string | undefined>(TOTAL_SLOTS).fill(undefined);
  for (const primary of topology.primaries) for (const range of primary.slots) for (let slot = range.start; slot <= range.end; slot++) owner[slot] = primary.name;
  return owner;
}

function keysIn(ranges: readonly SlotRange[], keys: KeysPerSlot | undefined): number | undefined {
  if (!keys) return undefined;
  let total = 0;
  for (const range of ranges) for (let slot = range.start; slot <= range.end; slot++) total += keys[slot] ?? 0;
  return total;
}

/** Moves from slot lists, one per source → target pair, in the order the pairs first appear. */
function collect(pairs: readonly { source: string; target: string; slots: readonly number[] }[], keys: KeysPerSlot | undefined): Move[] {
  const grouped = new Map<string, { source: string; target: string; slots: number[] }>();
  for (const pair of pairs) {
    if (pair.slots.length === 0) continue;
    const key = `${pair.source}\n${pair.target}`;
    const entry = grouped.get(key) ?? { source: pair.source, target: pair.target, slots: [] };
    entry.slots.push(...pair.slots);
    grouped.set(key, entry);
  }
  return [...grouped.values()].map(({ source, target, slots }) => {
    const ranges = compressSlots(slots);
    const known = keysIn(ranges, keys);
    return { source, target, ranges, slots: countSlots(ranges), ...(known === undefined ? {} : { keys: known }) };
  });
}

/** The ranges moved to the shard of `target`, from whoever serves them now. Slots it serves already are left out;
 * all of them being its own, or any being unserved, is refused. */
export function planMoveSlots(topology: Topology, ranges: readonly SlotRange[], target: Primary, keys?: KeysPerSlot): Move[] {
  const owner = owners(topology);
  const bySource = new Map<string, number[]>();
  for (const range of ranges) {
    for (let slot = range.start; slot <= range.end; slot++) {
      const source = owner[slot];
      if (source === undefined) throw new UserError('invalidRequest', `Slot ${slot} is served by no shard, so it cannot be moved.`, 'Assign it first (CLUSTER ADDSLOTS), or leave it out of the range.');
      if (source !== target.name) (bySource.get(source) ?? bySource.set(source, []).get(source)!).push(slot);
    }
  }
  if (bySource.size === 0) {
    throw new UserError('invalidRequest', `${target.name}'s shard already serves ${describeRanges(ranges)}: there is nothing to move.`, 'Choose a range another shard serves, or another target shard.');
  }
  return collect([...bySource].map(([source, slots]) => ({ source, target: target.name, slots })), keys);
}

interface Ledger {
  readonly name: string;
  /** Slots it serves, ascending; taken from the end. */
  readonly slots: number[];
  weight: number;
}

function ledgers(topology: Topology, keys?: KeysPerSlot): Ledger[] {
  const owner = owners(topology);
  const byName = new Map(topology.primaries.map((primary) => [primary.name, { name: primary.name, slots: [] as number[], weight: 0 }]));
  owner.forEach((name, slot) => {
    const ledger = name === undefined ? undefined : byName.get(name);
    if (!ledger) return;
    ledger.slots.push(slot);
    ledger.weight += keys ? keys[slot] ?? 0 : 1;
  });
  return [...byName.values()];
}

export interface BalanceOptions {
  /** Primaries that give all their slots away (a shard being removed). */
  readonly drain?: readonly string[];
  /** Only these may receive slots (new shards being filled); default: every primary not drained. */
  readonly receivers?: readonly string[];
}

/** Slot counts as even as they can be among the primaries that stay: each ends with 16384/n slots, give or take
 * one; slots move from those above to those below, taken from the high end of each giver's slots. */
export function planBalanceBySlots(topology: Topology, options: BalanceOptions = {}, keys?: KeysPerSlot): Move[] {
  const drain = new Set(options.drain ?? []);
  const all = ledgers(topology);
  const staying = all.filter((ledger) => !drain.has(ledger.name));
  if (staying.length === 0) throw new UserError('invalidRequest', 'Every shard would be removed: a cluster keeps at least one.');
  // The slot left over by an uneven division stays with those that have most now, so fewer slots move.
  const ranked = [...staying].sort((a, b) => b.slots.length - a.slots.length);
  const base = Math.floor(TOTAL_SLOTS / staying.length);
  const goal = new Map<string, number>(ranked.map((ledger, index) => [ledger.name, base + (index < TOTAL_SLOTS % staying.length ? 1 : 0)]));
  for (const name of drain) goal.set(name, 0);
  const receivers = new Set(options.receivers ?? staying.map((ledger) => ledger.name));
  const surplus = (ledger: Ledger) => ledger.slots.length - goal.get(ledger.name)!;
  // With receivers named (new shards being filled), the others give to them only, never to each other.
  const mayGive = (ledger: Ledger, receiver: Ledger) => ledger !== receiver && (options.receivers === undefined || !receivers.has(ledger.name));
  const pairs: { source: string; target: string; slots: number[] }[] = [];
  for (const receiver of all.filter((ledger) => receivers.has(ledger.name) && !drain.has(ledger.name))) {
    let deficit = -surplus(receiver);
    while (deficit > 0) {
      const giver = all.filter((ledger) => mayGive(ledger, receiver) && surplus(ledger) > 0).sort((a, b) => surplus(b) - surplus(a))[0];
      if (!giver) break;
      const count = Math.min(deficit, surplus(giver));
      const taken = giver.slots.splice(giver.slots.length - count, count);
      receiver.slots.push(...taken);
      deficit -= count;
      pairs.push({ source: giver.name, target: receiver.name, slots: taken });
    }
  }
  // Drained primaries whose slots no receiver needed (the others were above their share already): to the fewest.
  for (const giver of all.filter((ledger) => drain.has(ledger.name) && ledger.slots.length > 0)) {
    while (giver.slots.length > 0) {
      const receiver = staying.filter((ledger) => receivers.has(ledger.name)).sort((a, b) => a.slots.length - b.slots.length)[0];
      if (!receiver) throw new UserError('invalidRequest', `No shard may take the slots of ${giver.name}.`);
      const taken = giver.slots.splice(giver.slots.length - 1, 1);
      receiver.slots.push(...taken);
      pairs.push({ source: giver.name, target: receiver.name, slots: taken });
    }
  }
  return collect(pairs, keys);
}

/** Within this share of the average, a primary counts as balanced (no slot moves for it). */
export const KEY_BALANCE_TOLERANCE = 0.05;

/** Keys as even as whole slots allow: from the primary furthest above the average to the one furthest below, a run
 * of slots from the giver's high end whose keys come closest to what both need; no primary gives its last slot. */
export function planBalanceByKeys(topology: Topology, keys: KeysPerSlot): Move[] {
  const all = ledgers(topology, keys);
  const total = all.reduce((sum, ledger) => sum + ledger.weight, 0);
  if (total === 0 || all.length < 2) return [];
  const average = total / all.length;
  const tolerance = Math.max(1, average * KEY_BALANCE_TOLERANCE);
  const pairs: { source: string; target: string; slots: number[] }[] = [];
  for (let round = 0; round < all.length * 4; round++) {
    const giver = [...all].sort((a, b) => b.weight - a.weight)[0];
    const receiver = [...all].sort((a, b) => a.weight - b.weight)[0];
    const needed = Math.min(giver.weight - average, average - receiver.weight);
    if (needed <= tolerance || giver.slots.length <= 1) break;
    let moved = 0;
    let count = 0;
    for (let index = giver.slots.length - 1; index > 0; index--) {
      const weight = keys[giver.slots[index]] ?? 0;
      // Take this slot when that comes closer to what is needed than stopping before it.
      if (moved + weight - needed > needed - moved) break;
      moved += weight;
      count++;
      if (moved >= needed) break;
    }
    if (count === 0 || moved === 0) break;
    const taken = giver.slots.splice(giver.slots.length - count, count);
    receiver.slots.push(...taken);
    receiver.slots.sort((a, b) => a - b);
    giver.weight -= moved;
    receiver.weight += moved;
    pairs.push({ source: giver.name, target: receiver.name, slots: taken });
  }
  return collect(pairs, keys);
}

/** The topology after the moves: what the next step of a longer operation plans on. */
export function applyMoves(topology: Topology, moves: readonly Move[]): Topology {
  const owner = owners(topology);
  for (const move of moves) for (const range of move.ranges) for (let slot = range.start; slot <= range.end; slot++) owner[slot] = move.target;
  const slotsOf = (name: string) => compressSlots(owner.flatMap((holder, slot) => (holder === name ? [slot] : [])));
  return { ...topology, primaries: topology.primaries.map((primary) => ({ ...primary, slots: slotsOf(primary.name) })) };
}
