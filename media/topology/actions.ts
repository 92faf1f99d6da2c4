// Which node actions the details panel offers for a node, and their labels. Pure: no DOM.
import * as l10n from '@vscode/l10n';
import type { NodeSnapshot, TargetSummary } from '../../src/shared/snapshot';
import type { NodeAction } from '../../src/shared/topology-protocol';

export function nodeActionLabel(action: NodeAction): string {
  switch (action) {
    case 'openConsole':
      return l10n.t('Open Console');
    case 'showLogs':
      return l10n.t('Show Logs');
    case 'copyAddress':
      return l10n.t('Copy Address');
    case 'stopNode':
      return l10n.t('Stop Node');
    case 'startNode':
      return l10n.t('Start Node');
    case 'failover':
      return l10n.t('Fail Over Here');
    case 'moveSlotsHere':
      return l10n.t('Move Slots Here…');
    case 'addReplica':
      return l10n.t('Add Replica');
    case 'removeShard':
      return l10n.t('Remove Shard…');
    case 'removeReplica':
      return l10n.t('Remove Replica…');
  }
}

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
