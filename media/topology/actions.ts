// Which node actions the details panel offers for a node, and their labels. Pure: no DOM.
import type { NodeSnapshot, TargetSummary } from '../../src/shared/snapshot';
import type { NodeAction } from '../../src/shared/topology-protocol';

export const NODE_ACTION_LABELS: Readonly<Record<NodeAction, string>> = {
  openConsole: 'Open Console',
  showLogs: 'Show Logs',
  copyAddress: 'Copy Address',
  stopNode: 'Stop Node',
  startNode: 'Start Node',
  failover: 'Fail Over Here',
  moveSlotsHere: 'Move Slots Here…',
  addReplica: 'Add Replica',
  removeShard: 'Remove Shard…',
  removeReplica: 'Remove Replica…',
};

const CONTAINER_ACTIONS: ReadonlySet<NodeAction> = new Set(['showLogs', 'stopNode', 'startNode', 'addReplica', 'removeShard', 'removeReplica']);

/** Container actions (and adding or removing nodes) exist only for the cluster the extension runs; a read-only
 * connection offers nothing that writes. */
export function isActionShown(action: NodeAction, target: TargetSummary): boolean {
  if (CONTAINER_ACTIONS.has(action)) return target.kind === 'local';
  return (action !== 'failover' && action !== 'moveSlotsHere') || !target.readOnly;
}

export function isActionAvailable(action: NodeAction, node: NodeSnapshot): boolean {
  const container = node.containerState;
  switch (action) {
    case 'openConsole':
      return node.health === 'online' || node.health === 'loading';
    case 'showLogs':
      return container !== undefined && container !== 'missing';
    case 'copyAddress':
      return node.address !== '';
    case 'stopNode':
      return container === 'running';
    case 'startNode':
      return container !== undefined && container !== 'running' && container !== 'missing';
    case 'failover':
    case 'removeReplica':
      return node.role === 'replica' && node.health === 'online';
    case 'moveSlotsHere':
    case 'addReplica':
    case 'removeShard':
      return node.role === 'primary' && node.health === 'online';
  }
}
