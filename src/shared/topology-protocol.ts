// Messages between the extension host and the topology webview. Imported by both sides, so it uses no
// VS Code or Node API. The webview is treated as untrusted: everything it sends goes through
// parseWebviewMessage before the host acts on it.
import type { ClusterChange } from './snapshot-diff';
import type { ClusterSnapshot } from './snapshot';

export type HostMessage =
  | { readonly type: 'snapshot'; readonly snapshot: ClusterSnapshot; readonly changes: readonly ClusterChange[] }
  | { readonly type: 'select'; readonly node: string };

export const NODE_ACTIONS = ['openConsole', 'showLogs', 'stopNode', 'startNode', 'failover', 'copyAddress'] as const;
export type NodeAction = (typeof NODE_ACTIONS)[number];

export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'selectNode'; readonly node: string }
  | { readonly type: 'nodeAction'; readonly action: NodeAction; readonly node: string };

/** A compose service name, or a node's announced address ("10.0.0.5:6379", "[::1]:6379", a host name). */
const NODE_NAME = /^[A-Za-z0-9_.:[\]-]{1,64}$/;

export function isNodeName(value: unknown): value is string {
  return typeof value === 'string' && NODE_NAME.test(value);
}

function isNodeAction(value: unknown): value is NodeAction {
  return typeof value === 'string' && (NODE_ACTIONS as readonly string[]).includes(value);
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
  if (record.type !== 'snapshot' || !Array.isArray(record.changes)) return false;
  const snapshot = asRecord(record.snapshot);
  return snapshot !== undefined && Array.isArray(snapshot.shards) && Array.isArray(snapshot.nodes);
}
