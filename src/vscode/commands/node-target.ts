// Which target (and node) a command is about: a tree row, a node picked in a topology panel, a local node's name
// (tests, other extensions), or nothing — then the user picks, among the targets, then among their nodes.
import * as vscode from 'vscode';
import { formatAddress } from '../../core/client/reach';
import type { ConsoleNode } from '../../core/console/nodes';
import type { NodeSnapshot } from '../../shared/snapshot';
import type { Target, TargetAccess } from '../targets/target';
import type { TargetRegistry } from '../targets/target-registry';
import type { TargetNode } from '../topology-panels';
import type { ClusterRow, NodeRow } from '../tree-items';

export type TargetArgument = ClusterRow | string | undefined;
export type NodeArgument = NodeRow | TargetNode | string | undefined;

/** The target a row names, or the one the user picks (only `candidates`); undefined when they cancel. */
export async function resolveTarget(argument: TargetArgument | NodeArgument, targets: TargetRegistry, placeHolder: string,
  candidates: readonly Target[] = targets.all()): Promise<Target | undefined> {
  // A string names a target by id, or (for node commands) a node of the local cluster.
  const id = typeof argument === 'string' ? (targets.get(argument) ?? targets.local).id
    : argument === undefined ? undefined
      : 'kind' in argument ? (argument.kind === 'cluster' ? argument.snapshot.target.id : argument.target.id)
        : argument.targetId;
  const target = id === undefined ? await targets.choose(placeHolder, candidates) : targets.get(id);
  if (target) targets.setActive(target);
  return target && candidates.includes(target) ? target : undefined;
}

export interface ResolvedNode {
  readonly target: Target;
  readonly access: TargetAccess;
  readonly node: ConsoleNode;
  /** The node as the latest snapshot shows it, when it does. */
  readonly snapshot?: NodeSnapshot;
}

/** The node a command is about, its target opened for dialling; undefined when the user cancels a pick. */
export async function resolveNode(argument: NodeArgument, targets: TargetRegistry, placeHolder: string,
  candidates?: readonly Target[], accept: (node: NodeSnapshot | undefined) => boolean = () => true): Promise<ResolvedNode | undefined> {
  const target = await resolveTarget(argument, targets, placeHolder, candidates);
  if (!target) return undefined;
  const access = await target.access();
  const latest = target.snapshots.latest?.nodes ?? [];
  const name = typeof argument === 'string' ? argument : argument === undefined ? undefined : 'kind' in argument ? argument.node.name : argument.node;
  const nodes = access.nodes();
  let node = name === undefined ? undefined : nodes.find((candidate) => candidate.name === name);
  if (name === undefined) {
    const items = nodes.filter((candidate) => accept(latest.find((entry) => entry.name === candidate.name))).map((candidate) => {
      const known = latest.find((entry) => entry.name === candidate.name);
      return { label: candidate.name, description: [known?.role, formatAddress(access.hub.reach.map(candidate.announcedAddress))].filter(Boolean).join(' · '), candidate };
    });
    node = (await vscode.window.showQuickPick(items, { placeHolder }))?.candidate;
  }
  if (!node) return undefined;
  const snapshot = latest.find((entry) => entry.name === node.name);
  return { target, access, node, ...(snapshot ? { snapshot } : {}) };
}
