// How many keys live in which slots, asked of the primaries that serve them: CLUSTER SLOT-STATS where the server has
// it (Valkey 8+), CLUSTER COUNTKEYSINSLOT per slot otherwise.
import type { SlotRange } from '../../shared/snapshot';
import { TOTAL_SLOTS } from '../../shared/snapshot';
import { parseSlotStats } from '../cluster/parse-slot-stats';
import type { NodeAt, NodeCalls } from './node-calls';

async function countRanges(calls: NodeCalls, node: NodeAt, ranges: readonly SlotRange[], into: Uint32Array): Promise<void> {
  if (ranges.length === 0) return;
  const stats = await calls.pipeline(node, ranges.map((range) => ['CLUSTER', 'SLOT-STATS', 'SLOTSRANGE', range.start, range.end]));
  if (stats.every(([error]) => error === null)) {
    for (const [, reply] of stats) for (const stat of parseSlotStats(reply)) into[stat.slot] = stat.keys;
    return;
  }
  const slots = ranges.flatMap((range) => Array.from({ length: range.end - range.start + 1 }, (_, offset) => range.start + offset));
  const counts = await calls.pipeline(node, slots.map((slot) => ['CLUSTER', 'COUNTKEYSINSLOT', slot]));
  counts.forEach(([error, reply], index) => {
    if (error) throw error;
    into[slots[index]] = Number(reply) || 0;
  });
}

/** Keys per slot over the whole cluster, each primary asked for the slots it serves. */
export async function keysPerSlot(calls: NodeCalls, primaries: readonly (NodeAt & { readonly slots: readonly SlotRange[] })[]): Promise<Uint32Array> {
  const keys = new Uint32Array(TOTAL_SLOTS);
  await Promise.all(primaries.map((primary) => countRanges(calls, primary, primary.slots, keys)));
  return keys;
}

/** Keys the node holds in the ranges. */
export async function keysInRanges(calls: NodeCalls, node: NodeAt, ranges: readonly SlotRange[]): Promise<number> {
  const keys = new Uint32Array(TOTAL_SLOTS);
  await countRanges(calls, node, ranges, keys);
  return keys.reduce((sum, count) => sum + count, 0);
}
