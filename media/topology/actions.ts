// Which node actions the details panel offers for a node, and their labels. Pure: no DOM.
import type { NodeSnapshot } from '../../src/shared/snapshot';
import type { NodeAction } from '../../src/shared/topology-protocol';

export const NODE_ACTION_LABELS: Readonly<Record<NodeAction, string>> = {
  openConsole: 'Open Console',
  showLogs: 'Show Logs',
  copyAddress: 'Copy Address',
  stopNode: 'Stop Node',
  startNode: 'Start Node',
  failover: 'Fail Over Here',
};

export function isActionAvailable(action: NodeAction, node: NodeSnapshot): boolean {
  switch (action) {
    case 'openConsole':
      return node.health === 'online' || node.health === 'loading';
    case 'showLogs':
      return node.containerState !== 'missing';
    case 'copyAddress':
      return true;
    case 'stopNode':
      return node.containerState === 'running';
    case 'startNode':
      return node.containerState !== 'running' && node.containerState !== 'missing';
    case 'failover':
      return node.role === 'replica' && node.health === 'online';
  }
}
