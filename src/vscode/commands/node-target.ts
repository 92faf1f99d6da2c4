// Node commands are called from tree rows, from the topology view (a node name) or the palette (ask).
import * as vscode from 'vscode';
import { formatAddress, Reach } from '../../core/client/reach';
import type { NodeEndpoint } from '../../core/compose/plan';
import type { NodeRow } from '../tree-items';

export type NodeArgument = NodeRow | string | undefined;

export async function resolveNode(argument: NodeArgument, nodes: readonly NodeEndpoint[], reach: Reach, placeHolder: string): Promise<NodeEndpoint | undefined> {
  const name = typeof argument === 'string' ? argument : argument?.node.name;
  if (name) return nodes.find((node) => node.name === name);
  const items = nodes.map((node) => ({ label: node.name, description: formatAddress(reach.map(node.announcedAddress)) }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder });
  return picked && nodes.find((node) => node.name === picked.label);
}
