// Slot ranges as people type them ("0-1000", "0-99, 200-299", "7"), checked with messages that say what to write.
import { type SlotRange, TOTAL_SLOTS } from '../../shared/snapshot';
import { formatSlotRanges } from '../../shared/present';
import { mergeSlotRanges } from '../cluster/slots';
import { UserError } from '../errors';

const LAST = TOTAL_SLOTS - 1;
const EXAMPLE = `e.g. 0-1000, or 0-99,200-299 (slots 0-${LAST})`;

function refuse(what: string): never {
  throw new UserError('invalidRequest', what, `Write slot ranges as start-end, ${EXAMPLE}.`);
}

/** Ranges in ascending order, overlapping or touching ones merged. */
export function parseSlotRanges(text: string): SlotRange[] {
  const items = text.split(/[,\s]+/).filter(Boolean);
  if (items.length === 0) refuse('No slots were given.');
  return mergeSlotRanges(items.map((item) => {
    const match = /^(\d+)(?:-(\d+))?$/.exec(item);
    if (/^\d+-$/.test(item)) refuse(`The slot range "${item}" has no end.`);
    if (/^-\d+$/.test(item)) refuse(`The slot range "${item}" has no start.`);
    if (!match) refuse(`"${item}" is not a slot range.`);
    return checkRange({ start: Number(match[1]), end: Number(match[2] ?? match[1]) }, item);
  }));
}

/** A range from the views (whole numbers from a drag on the slot bar), checked like typed ones. */
export function checkRange(range: SlotRange, text = `${range.start}-${range.end}`): SlotRange {
  if (!Number.isInteger(range.start) || !Number.isInteger(range.end)) refuse(`"${text}" is not a slot range.`);
  // Out of range first: "99999-1" is a slot that does not exist, not a range written backwards.
  if (Math.min(range.start, range.end) < 0 || Math.max(range.start, range.end) > LAST) refuse(`The slot range ${text} goes beyond the slots of a cluster (0-${LAST}).`);
  if (range.end < range.start) refuse(`The slot range ${text} is reversed: it ends before it starts (${range.end}-${range.start} is meant?).`);
  return { start: range.start, end: range.end };
}

export function describeRanges(ranges: readonly SlotRange[]): string {
  return formatSlotRanges(ranges, 6);
}
