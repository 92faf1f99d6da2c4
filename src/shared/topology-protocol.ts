// Messages between the extension host and the topology webview. Imported by both sides, so it uses no
// VS Code or Node API. The webview is treated as untrusted: everything it sends goes through
// parseWebviewMessage before the host acts on it.
import type { ClusterChange } from './snapshot-diff';
import type { ClusterSnapshot, SlotRange } from './snapshot';
import { TOTAL_SLOTS } from './snapshot';

export type HostMessage =
  | { readonly type: 'snapshot'; readonly snapshot: ClusterSnapshot; readonly changes: readonly ClusterChange[] }
  | { readonly type: 'select'; readonly node: string }
  /** The outcome of a request the page made (moveSlots), by the sequence number it sent. */
  | { readonly type: 'requestResult'; readonly seq: number; readonly ok: boolean; readonly message: string };

export const NODE_ACTIONS = ['openConsole', 'showLogs', 'stopNode', 'startNode', 'failover', 'copyAddress', 'moveSlotsHere', 'addReplica', 'removeShard', 'removeReplica'] as const;
export type NodeAction = (typeof NODE_ACTIONS)[number];

export const CLUSTER_ACTIONS = ['addShard', 'rebalance'] as const;
export type ClusterAction = (typeof CLUSTER_ACTIONS)[number];

/** What the slot bar colours slots by: their shard, or their keys or CPU time (CLUSTER SLOT-STATS). */
export const HEAT_MODES = ['off', 'keys', 'cpu'] as const;
export type HeatMode = (typeof HEAT_MODES)[number];

/** Most ranges one moveSlots request may carry. */
export const MAX_REQUEST_RANGES = 64;

export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'selectNode'; readonly node: string }
  | { readonly type: 'nodeAction'; readonly action: NodeAction; readonly node: string }
  | { readonly type: 'clusterAction'; readonly action: ClusterAction }
  | { readonly type: 'setHeatMode'; readonly mode: HeatMode }
  /** Move slot ranges (selected on the slot bar) to the shard of primary `target`; answered by requestResult. */
  | { readonly type: 'moveSlots'; readonly seq: number; readonly ranges: readonly SlotRange[]; readonly target: string };

/** A compose service name, or a node's announced address ("10.0.0.5:6379", "[::1]:6379", a host name). */
const NODE_NAME = /^[A-Za-z0-9_.:[\]-]{1,64}$/;

export function isNodeName(value: unknown): value is string {
  return typeof value === 'string' && NODE_NAME.test(value);
}

function isNodeAction(value: unknown): value is NodeAction {
  return typeof value === 'string' && (NODE_ACTIONS as readonly string[]).includes(value);
}

function oneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

function isSequence(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 2 ** 31;
}

/** Whole slot numbers within 0-16383 (whether a range is reversed is the operation's to say). */
function slotRanges(value: unknown): SlotRange[] | undefined {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_REQUEST_RANGES) return undefined;
  const ranges: SlotRange[] = [];
  for (const item of value) {
    const record = asRecord(item);
    if (!record || !hasExactKeys(record, ['start', 'end'])) return undefined;
    const { start, end } = record;
    const slot = (number: unknown): number is number => typeof number === 'number' && Number.isInteger(number) && number >= 0 && number < TOTAL_SLOTS;
    if (!slot(start) || !slot(end)) return undefined;
    ranges.push({ start, end });
  }
  return ranges;
}

/** Own keys must be exactly `keys`: a message with extra fields is not one we sent, so it is refused. */
function hasExactKeys(record: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(record);
  return own.length === keys.length && keys.every((key) => Object.prototype.hasOwnProperty.call(record, key));
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return value as Record<string, unknown>;
}

/** A fresh, well-formed message built from `value`, or undefined when `value` is anything else. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  const record = asRecord(value);
  if (!record) return undefined;
  switch (record.type) {
    case 'ready':
      return hasExactKeys(record, ['type']) ? { type: 'ready' } : undefined;
    case 'selectNode':
      return hasExactKeys(record, ['type', 'node']) && isNodeName(record.node)
        ? { type: 'selectNode', node: record.node }
        : undefined;
    case 'nodeAction':
      return hasExactKeys(record, ['type', 'action', 'node']) && isNodeAction(record.action) && isNodeName(record.node)
        ? { type: 'nodeAction', action: record.action, node: record.node }
        : undefined;
    case 'clusterAction':
      return hasExactKeys(record, ['type', 'action']) && oneOf(CLUSTER_ACTIONS, record.action) ? { type: 'clusterAction', action: record.action } : undefined;
    case 'setHeatMode':
      return hasExactKeys(record, ['type', 'mode']) && oneOf(HEAT_MODES, record.mode) ? { type: 'setHeatMode', mode: record.mode } : undefined;
    case 'moveSlots': {
      const ranges = slotRanges(record.ranges);
      return hasExactKeys(record, ['type', 'seq', 'ranges', 'target']) && isSequence(record.seq) && ranges && isNodeName(record.target)
        ? { type: 'moveSlots', seq: record.seq, ranges, target: record.target }
        : undefined;
    }
    default:
      return undefined;
  }
}

/** Shape check for what the webview receives. The host is trusted, so this only guards against messages that
 * are not ours (or a stale format after an update), not against hostile content. */
export function isHostMessage(value: unknown): value is HostMessage {
  const record = asRecord(value);
  if (!record) return false;
  if (record.type === 'select') return typeof record.node === 'string';
  if (record.type === 'requestResult') return typeof record.seq === 'number' && typeof record.ok === 'boolean' && typeof record.message === 'string';
  if (record.type !== 'snapshot' || !Array.isArray(record.changes)) return false;
  const snapshot = asRecord(record.snapshot);
  return snapshot !== undefined && Array.isArray(snapshot.shards) && Array.isArray(snapshot.nodes);
}
