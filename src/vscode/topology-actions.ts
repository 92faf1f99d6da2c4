// What the topology page's requests do: the handlers of the commands the page stands for (the same functions the
// palette and the tree run, with the same Restricted Mode check and report), called directly with the panel's
// target and the page's choices, and their outcome in one sentence for the page's reply.
import * as vscode from 'vscode';
import { UserError } from '../core/errors';
import type { NodeAction, TopologyRequest, TopologyResult } from '../shared/topology-protocol';
import type { CommandRunner } from './commands/register';
import type { OperationOutcome } from './commands/scale-commands';
import type { Target } from './targets/target';

const NODE_ACTION_COMMANDS: Readonly<Record<NodeAction, string>> = {
  openConsole: 'valkeyCluster.openNodeConsole',
  showLogs: 'valkeyCluster.showNodeLogs',
  stopNode: 'valkeyCluster.stopNode',
  startNode: 'valkeyCluster.startNode',
  failover: 'valkeyCluster.failover',
  copyAddress: 'valkeyCluster.copyNodeAddress',
  moveSlotsHere: 'valkeyCluster.moveSlots',
  addReplica: 'valkeyCluster.addReplica',
  removeShard: 'valkeyCluster.removeShard',
  removeReplica: 'valkeyCluster.removeReplica',
};

/** Commands that plan, confirm and run a change of shape or slots: they answer with an OperationOutcome, or nothing
 * when the user cancelled a question. The others say what they did themselves (status bar, terminal). */
const OPERATIONS: ReadonlySet<string> = new Set(['valkeyCluster.moveSlots', 'valkeyCluster.addReplica', 'valkeyCluster.removeShard',
  'valkeyCluster.removeReplica', 'valkeyCluster.addShard', 'valkeyCluster.rebalance']);

export function topologyActions(run: CommandRunner): (target: Target, request: TopologyRequest) => Promise<TopologyResult> {
  /** Only nodes the target's latest snapshot has: a page cannot name arbitrary containers. */
  const knownNode = (target: Target, node: string): void => {
    if (!target.snapshots.latest?.nodes.some((entry) => entry.name === node)) {
      throw new UserError('invalidRequest', vscode.l10n.t('{0} is not a node of this cluster.', node));
    }
  };
  const outcome = async (id: string, argument: unknown): Promise<TopologyResult> => {
    const value = await run(id, argument);
    if (!OPERATIONS.has(id)) return '';
    const operation = value as OperationOutcome | undefined;
    if (!operation) throw new UserError('cancelled', vscode.l10n.t('Cancelled: nothing was changed.'));
    if (!operation.ok) throw new UserError('operationFailed', operation.message);
    return operation.message;
  };
  return async (target, request) => {
    switch (request.op) {
      case 'nodeAction':
        knownNode(target, request.node);
        return outcome(NODE_ACTION_COMMANDS[request.action], { targetId: target.id, node: request.node });
      case 'clusterAction':
        return outcome(request.action === 'addShard' ? 'valkeyCluster.addShard' : 'valkeyCluster.rebalance', target.id);
      case 'moveSlots':
        knownNode(target, request.target);
        return outcome('valkeyCluster.moveSlots', { targetId: target.id, ranges: request.ranges, to: request.target });
    }
  };
}
