// The slot bar's heat mode and range selection, as pure arithmetic (node tests use them): per pixel column, the
// hottest slot in it (keys or CPU per slot, from CLUSTER SLOT-STATS); a drag between two offsets as a slot range.
import { TOTAL_SLOTS } from '../../src/shared/snapshot';
import type { SlotRange } from '../../src/shared/snapshot';
import { slotAt } from './layout';

/** Per column of a bar `width` pixels wide: the largest value among the slots the column covers. */
export function heatColumns(values: ArrayLike<number>, width: number): number[] {
  const columns = Math.max(0, Math.floor(width));
  const heat = new Array<number>(columns).fill(0);
  for (let x = 0; x < columns; x++) {
    const low = Math.floor((x * TOTAL_SLOTS) / columns);
    const high = Math.max(low + 1, Math.floor(((x + 1) * TOTAL_SLOTS) / columns));
    let hottest = 0;
    for (let slot = low; slot < high && slot < TOTAL_SLOTS; slot++) hottest = Math.max(hottest, values[slot] ?? 0);
    heat[x] = hottest;
  }
  return heat;
}

/** 0-1 on a square-root scale, so a few hot slots do not wash out the rest. */
export function heatLevel(value: number, hottest: number): number {
  return hottest <= 0 ? 0 : Math.sqrt(Math.max(0, value) / hottest);
}

/** The slots between two pixel offsets of a drag, in either direction, both ends included. */
export function dragRange(fromX: number, toX: number, width: number): SlotRange {
  const a = slotAt(fromX, width);
  const b = slotAt(toX, width);
  return { start: Math.min(a, b), end: Math.max(a, b) };
}
