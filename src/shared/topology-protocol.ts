// Messages between the extension host and the topology webview, in the envelope of webview-protocol.ts. Imported by
// both sides, so it uses no VS Code or Node API. The webview is treated as untrusted: everything it sends goes
// through parseWebviewMessage before the host acts on it.
import type { ClusterChange } from './snapshot-diff';
import type { ClusterSnapshot, SlotRange } from './snapshot';
import { TOTAL_SLOTS } from './snapshot';
import { asRecord, hasKeys, isReply, type Json, oneOf, type PageMessage, parsePageMessage, type Reply } from './webview-protocol';

export const NODE_ACTIONS = ['openConsole', 'showLogs', 'stopNode', 'startNode', 'failover', 'copyAddress', 'moveSlotsHere', 'addReplica', 'removeShard', 'removeReplica'] as const;
export type NodeAction = (typeof NODE_ACTIONS)[number];

export const CLUSTER_ACTIONS = ['addShard', 'rebalance'] as const;
export type ClusterAction = (typeof CLUSTER_ACTIONS)[number];

/** What the slot bar colours slots by: their shard, or their keys or CPU time (CLUSTER SLOT-STATS). */
export const HEAT_MODES = ['off', 'keys', 'cpu'] as const;
export type HeatMode = (typeof HEAT_MODES)[number];

/** Most ranges one moveSlots request may carry. */
export const MAX_REQUEST_RANGES = 64;

/** What the page asks the extension to do; each is answered by a reply with what became of it. */
export type TopologyRequest =
  | { readonly op: 'nodeAction'; readonly action: NodeAction; readonly node: string }
  | { readonly op: 'clusterAction'; readonly action: ClusterAction }
  /** Move slot ranges (selected on the slot bar) to the shard of primary `target`. */
  | { readonly op: 'moveSlots'; readonly ranges: readonly SlotRange[]; readonly target: string };

/** A request's outcome in one sentence (empty when there is nothing to say: the snapshot shows it). */
export type TopologyResult = string;

/** What the page tells the extension without waiting for an answer. */
export type TopologyNotice =
  | { readonly type: 'selectNode'; readonly node: string }
  | { readonly type: 'setHeatMode'; readonly mode: HeatMode };

export type WebviewMessage = PageMessage<TopologyRequest, TopologyNotice>;

/** What the extension pushes to the page. */
export type TopologyPush =
  | { readonly type: 'snapshot'; readonly snapshot: ClusterSnapshot; readonly changes: readonly ClusterChange[] }
  | { readonly type: 'select'; readonly node: string };

export type HostMessage = TopologyPush | Reply<TopologyResult>;

/** A compose service name, or a node's announced address ("10.0.0.5:6379", "[::1]:6379", a host name). */
const NODE_NAME = /^[A-Za-z0-9_.:[\]-]{1,64}$/;

export function isNodeName(value: unknown): value is string {
  return typeof value === 'string' && NODE_NAME.test(value);
}

/** Whole slot numbers within 0-16383 (whether a range is reversed is the operation's to say). */
function slotRanges(value: unknown): SlotRange[] | undefined {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_REQUEST_RANGES) return undefined;
  const ranges: SlotRange[] = [];
  for (const item of value) {
    const record = asRecord(item);
    if (!record || !hasKeys(record, ['start', 'end'])) return undefined;
    const { start, end } = record;
    const slot = (number: unknown): number is number => typeof number === 'number' && Number.isInteger(number) && number >= 0 && number < TOTAL_SLOTS;
    if (!slot(start) || !slot(end)) return undefined;
    ranges.push({ start, end });
  }
  return ranges;
}

function parseRequest(value: unknown): TopologyRequest | undefined {
  const record = asRecord(value);
  if (!record) return undefined;
  switch (record.op) {
    case 'nodeAction':
      return hasKeys(record, ['op', 'action', 'node']) && oneOf(NODE_ACTIONS, record.action) && isNodeName(record.node)
        ? { op: 'nodeAction', action: record.action, node: record.node }
        : undefined;
    case 'clusterAction':
      return hasKeys(record, ['op', 'action']) && oneOf(CLUSTER_ACTIONS, record.action) ? { op: 'clusterAction', action: record.action } : undefined;
    case 'moveSlots': {
      const ranges = slotRanges(record.ranges);
      return hasKeys(record, ['op', 'ranges', 'target']) && ranges && isNodeName(record.target)
        ? { op: 'moveSlots', ranges, target: record.target }
        : undefined;
    }
    default:
      return undefined;
  }
}

function parseNotice(record: Json): TopologyNotice | undefined {
  switch (record.type) {
    case 'selectNode':
      return hasKeys(record, ['type', 'node']) && isNodeName(record.node) ? { type: 'selectNode', node: record.node } : undefined;
    case 'setHeatMode':
      return hasKeys(record, ['type', 'mode']) && oneOf(HEAT_MODES, record.mode) ? { type: 'setHeatMode', mode: record.mode } : undefined;
    default:
      return undefined;
  }
}

/** A fresh, well-formed message built from `value`, or undefined when `value` is anything else. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  return parsePageMessage(value, parseRequest, parseNotice);
}

/** Shape check for what the webview receives. The host is trusted, so this only guards against messages that
 * are not ours (or a stale format after an update), not against hostile content. */
export function isHostMessage(value: unknown): value is HostMessage {
  const record = asRecord(value);
  if (!record) return false;
  if (record.type === 'reply') return isReply(record) && (record.ok === false || typeof record.result === 'string');
  if (record.type === 'select') return typeof record.node === 'string';
  if (record.type !== 'snapshot' || !Array.isArray(record.changes)) return false;
  const snapshot = asRecord(record.snapshot);
  return snapshot !== undefined && Array.isArray(snapshot.shards) && Array.isArray(snapshot.nodes);
}
