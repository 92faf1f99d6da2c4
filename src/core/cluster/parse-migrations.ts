// CLUSTER GETSLOTMIGRATIONS (Valkey 9): the atomic slot migrations (CLUSTER MIGRATESLOTS) a node runs or ran, one
// list of fields each (RESP2): name, operation (EXPORT on the source, IMPORT on the target), slot_ranges
// ("0-100 200-300"), target_node and source_node (ids; absent on entries kept only for tracking), create_time,
// last_update_time, last_ack_time (Unix seconds), state ("connecting" … "replicating" … "success", "failed",
// "cancelled"), message, cow_size, and remaining_repl_size from 9.1.
import type { SlotRange } from '../../shared/snapshot';

export interface SlotMigrationJob {
  readonly name: string;
  readonly operation: 'import' | 'export';
  readonly ranges: readonly SlotRange[];
  readonly sourceId?: string;
  readonly targetId?: string;
  /** Unix seconds. */
  readonly createTime: number;
  readonly lastUpdateTime: number;
  readonly state: string;
  readonly message: string;
  /** Bytes the source still has to stream, when the server says. */
  readonly remainingBytes?: number;
}

export const FINISHED_STATES: ReadonlySet<string> = new Set(['success', 'failed', 'cancelled']);

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return undefined;
}

function integer(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const written = text(value);
  return written !== undefined && /^-?\d+$/.test(written) ? Number(written) : undefined;
}

function fields(entry: unknown): Map<string, unknown> | undefined {
  if (!Array.isArray(entry) || entry.length % 2 !== 0) return undefined;
  const map = new Map<string, unknown>();
  for (let index = 0; index < entry.length; index += 2) {
    const key = text(entry[index]);
    if (key === undefined) return undefined;
    map.set(key, entry[index + 1]);
  }
  return map;
}

/** "0-100 200-300" → ranges; undefined when it is not that. */
export function parseRangeList(value: string): SlotRange[] | undefined {
  const ranges: SlotRange[] = [];
  for (const item of value.trim().split(/\s+/).filter(Boolean)) {
    const match = /^(\d+)-(\d+)$/.exec(item) ?? /^(\d+)$/.exec(item);
    if (!match) return undefined;
    ranges.push({ start: Number(match[1]), end: Number(match[2] ?? match[1]) });
  }
  return ranges;
}

/** Entries that are not of the documented shape are left out rather than failing the whole reply. */
export function parseSlotMigrations(reply: unknown): SlotMigrationJob[] {
  if (!Array.isArray(reply)) return [];
  return reply.flatMap((entry): SlotMigrationJob[] => {
    const map = fields(entry);
    if (!map) return [];
    const name = text(map.get('name'));
    const operation = text(map.get('operation'))?.toLowerCase();
    const ranges = parseRangeList(text(map.get('slot_ranges')) ?? '');
    const state = text(map.get('state'));
    if (!name || (operation !== 'import' && operation !== 'export') || !ranges || !state) return [];
    const sourceId = text(map.get('source_node'));
    const targetId = text(map.get('target_node'));
    const remainingBytes = integer(map.get('remaining_repl_size'));
    return [{
      name,
      operation,
      ranges,
      ...(sourceId ? { sourceId } : {}),
      ...(targetId ? { targetId } : {}),
      createTime: integer(map.get('create_time')) ?? 0,
      lastUpdateTime: integer(map.get('last_update_time')) ?? 0,
      state,
      message: (text(map.get('message')) ?? '').trim(),
      ...(remainingBytes === undefined ? {} : { remainingBytes }),
    }];
  });
}

export interface OpenSlot {
  readonly slot: number;
  readonly direction: 'migrating' | 'importing';
  /** The node it is migrating to, or importing from. */
  readonly peerId: string;
}

/** Open slots on a node's own CLUSTER NODES line: "[93->-<id>]" migrating to, "[93-<-<id>]" importing from. */
export function openSlots(tokens: readonly string[]): OpenSlot[] {
  return tokens.flatMap((token): OpenSlot[] => {
    const match = /^\[(\d+)-([<>])-([0-9a-f]+)\]$/.exec(token);
    return match ? [{ slot: Number(match[1]), direction: match[2] === '>' ? 'migrating' : 'importing', peerId: match[3] }] : [];
  });
}

/** The node's id and open slots, from its own ("myself") line of CLUSTER NODES; undefined without that line. */
export function ownOpenSlots(clusterNodes: string): { readonly id: string; readonly open: OpenSlot[] } | undefined {
  const fields = clusterNodes.split('\n').map((line) => line.trim().split(/\s+/)).find((candidate) => (candidate[2] ?? '').split(',').includes('myself'));
  return fields && { id: fields[0], open: openSlots(fields.slice(8)) };
}
