// Hash slot arithmetic: which slot a key lives in, and slot sets as compact ranges.
import { type SlotRange, TOTAL_SLOTS } from '../../shared/snapshot';

/** CRC16-XMODEM (polynomial 0x1021, initial value 0): the checksum Valkey Cluster hashes keys with. Not the
 * cluster-key-slot package iovalkey routes with: it exports only its slot function (not the checksum), and that
 * function reads an empty tag wrongly ("foo{}{bar}" gets the slot of "{bar"; the server hashes the whole key). */
const CRC16_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    table[byte] = crc;
  }
  return table;
})();

function crc16(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0;
  for (let index = start; index < end; index++) crc = ((crc << 8) & 0xffff) ^ CRC16_TABLE[((crc >> 8) ^ bytes[index]) & 0xff];
  return crc;
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** Slot of a key. Only a hash tag counts when the key has one: the bytes between the first "{" and the first "}"
 * after it, if there are any (so "{}x" hashes the whole key). Strings are hashed as UTF-8, like the server sees them. */
export function keySlot(key: string | Buffer): number {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  const open = bytes.indexOf(OPEN_BRACE);
  if (open !== -1) {
    const close = bytes.indexOf(CLOSE_BRACE, open + 1);
    if (close > open + 1) return crc16(bytes, open + 1, close) % TOTAL_SLOTS;
  }
  return crc16(bytes, 0, bytes.length) % TOTAL_SLOTS;
}

function assertSlot(slot: number, what: string): void {
  if (!Number.isInteger(slot) || slot < 0 || slot >= TOTAL_SLOTS) {
    throw new Error(`${what} ${String(slot)} is not a slot number (0-${TOTAL_SLOTS - 1})`);
  }
}

/** Slot numbers (any order, duplicates allowed) as ascending, non-adjacent ranges. */
export function compressSlots(slots: Iterable<number>): SlotRange[] {
  // The slot space is small: a bitmap avoids sorting and deduplicating.
  const owned = new Uint8Array(TOTAL_SLOTS);
  for (const slot of slots) {
    assertSlot(slot, 'slot');
    owned[slot] = 1;
  }
  const ranges: SlotRange[] = [];
  let start = -1;
  for (let slot = 0; slot <= TOTAL_SLOTS; slot++) {
    const isOwned = slot < TOTAL_SLOTS && owned[slot] === 1;
    if (isOwned && start === -1) start = slot;
    if (!isOwned && start !== -1) {
      ranges.push({ start, end: slot - 1 });
      start = -1;
    }
  }
  return ranges;
}

/** Ranges in any order, possibly overlapping or touching, as ascending, non-adjacent ranges. */
export function mergeSlotRanges(ranges: Iterable<SlotRange>): SlotRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const merged: SlotRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end + 1) {
      if (range.end > last.end) merged[merged.length - 1] = { start: last.start, end: range.end };
    } else {
      merged.push({ start: range.start, end: range.end });
    }
  }
  return merged;
}

export function countSlots(ranges: Iterable<SlotRange>): number {
  let count = 0;
  for (const range of ranges) count += range.end - range.start + 1;
  return count;
}

/** Validated range; throws naming the text it came from. */
export function slotRange(start: number, end: number, source: string): SlotRange {
  assertSlot(start, `slot range "${source}" starts at`);
  assertSlot(end, `slot range "${source}" ends at`);
  if (end < start) throw new Error(`slot range "${source}" ends before it starts`);
  return { start, end };
}

const SLOT_TOKEN = /^(\d+)(?:-(\d+))?$/;

/** Owned slots from the slot fields of a CLUSTER NODES line ("0-5460", "7"). Entries in brackets
 * ("[93->-<id>]" migrating, "[93-<-<id>]" importing) describe slots in transit, not owned ones: skipped. */
export function parseSlotRanges(tokens: readonly string[]): SlotRange[] {
  const ranges: SlotRange[] = [];
  for (const token of tokens) {
    if (token.startsWith('[')) continue;
    const match = SLOT_TOKEN.exec(token);
    if (!match) throw new Error(`unexpected slot entry "${token}"`);
    const start = Number(match[1]);
    ranges.push(slotRange(start, match[2] === undefined ? start : Number(match[2]), token));
  }
  return mergeSlotRanges(ranges);
}
