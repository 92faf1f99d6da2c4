// What a SCAN cursor of a cluster node says. Since Valkey 8 a cluster node keeps one table per
// slot and SCAN walks them in ascending slot order: the low 14 bits of the cursor are the slot it continues in,
// the rest the position inside that slot's table. So a scan knows which slots it has finished, and can start
// (again) at the beginning of any slot, on any node, with the cursor that is just the slot number.
import type { SlotRange } from '../../shared/snapshot';
import { TOTAL_SLOTS } from '../../shared/snapshot';
import { infoString, type InfoSections } from '../cluster/parse';

const SLOT_MASK = BigInt(TOTAL_SLOTS - 1);

/** The slot a cursor continues in ("0": slot 0). */
export function cursorSlot(cursor: string): number {
  return Number(BigInt(cursor) & SLOT_MASK);
}

/** The cursor that starts at the beginning of `slot`. */
export function slotStartCursor(slot: number): string {
  return String(slot);
}

/** How many of `owned` come before `slot`: the slots a slot-ordered scan at `slot` has finished. */
export function slotsBefore(owned: readonly SlotRange[], slot: number): number {
  let count = 0;
  for (const range of owned) {
    if (range.start >= slot) break;
    count += Math.min(range.end, slot - 1) - range.start + 1;
  }
  return count;
}

function versionAtLeast(version: string | undefined, major: number, minor: number): boolean {
  const match = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (!match) return false;
  const [got, gotMinor] = [Number(match[1]), Number(match[2])];
  return got > major || (got === major && gotMinor >= minor);
}

/** True when the server's SCAN walks slots in order, from its INFO server section: Valkey 8 and later (verified
 * on 9.1). Other servers are scanned without slot positions (Valkey also reports redis_version 7.2.4). */
export function scansBySlot(info: InfoSections): boolean {
  return versionAtLeast(infoString(info, 'server', 'valkey_version'), 8, 0);
}
