// Commands about one target or one of its nodes, for any target: console, topology, refresh, copy address, fail
// over; and those only the local cluster has (its containers): stop and start a node (logs and shell: terminal-commands).
import * as vscode from 'vscode';
import { formatAddress } from '../../core/client/reach';
import { ConsoleTerminal } from '../console-terminal';
import { core } from '../core-loader';
import type { Target } from '../targets/target';
import type { CommandContext, Handler } from './context';
import { type NodeArgument, resolveNode, resolveTarget, type TargetArgument } from './node-target';

export function nodeCommands(context: CommandContext): Record<string, Handler> {
  const { controller, targets, topology } = context;
  const local = () => [targets.local];

  /** Returns the terminal it opened (for tests and other extensions). `initialLine` is typed at the first prompt. */
  const openConsoleOn = async (target: Target, nodeName?: string, initialLine?: string): Promise<vscode.Terminal> => {
    const access = await target.access();
    const node = nodeName ?? (access.standalone ? access.nodes()[0]?.name : undefined);
    // In Restricted Mode the console reads but does not write.
    const readOnly = access.readOnly || !vscode.workspace.isTrusted;
    const session = new (core().ConsoleSession)({ nodes: access.nodes, reach: access.reach, pinnedNode: node, readOnly });
    const pinned = node === undefined ? undefined : access.nodes().find((candidate) => candidate.name === node);
    const readOnlyNote = readOnly ? ` Read-only${access.readOnly ? '' : ' (Restricted Mode)'}: commands that write are refused.` : '';
    const banner = access.standalone ? `Valkey console on ${target.label} (a standalone server).${readOnlyNote} Type help for help.`
      : pinned ? `Valkey console on ${pinned.name} (${formatAddress(access.reach.map(pinned.announcedAddress))}).${readOnlyNote} Type help for help.`
        : `Valkey ${target.kind === 'connection' ? `console on ${target.label}` : 'cluster console'}: commands go to the node that owns their key.${readOnlyNote} Type help for help.`;
    const pty = new ConsoleTerminal(session, context.extension.workspaceState, banner, initialLine);
    const name = pinned && !access.standalone ? `Valkey ${pinned.name}` : target.kind === 'connection' ? `Valkey ${target.label}` : 'Valkey Console';
    const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('database') });
    // VS Code opens the pseudoterminal after this returns, so nothing it writes is missed.
    pty.onDidWrite((data) => context.consoleOutput.fire({ terminal, data }));
    pty.onDidRunCommand(() => context.consoleCommandRan.fire());
    terminal.show();
    return terminal;
  };

  /** A command prefilled at the prompt (the key browser's Open in Console) comes as { initialLine, targetId? }. */
  const openConsole = async (argument?: TargetArgument | { readonly initialLine: string; readonly targetId?: string }) => {
    const prefill = typeof argument === 'object' && 'initialLine' in argument ? argument : undefined;
    const target = await resolveTarget(prefill ? prefill.targetId : argument as TargetArgument, targets, 'Open a console on which cluster?');
    return target && openConsoleOn(target, undefined, prefill?.initialLine);
  };

  const openNodeConsole = async (argument?: NodeArgument) => {
    const resolved = await resolveNode(argument, targets, 'Open a console on which node?');
    return resolved && openConsoleOn(resolved.target, resolved.node.name);
  };

  const showTopology = async (argument?: TargetArgument) => {
    const target = await resolveTarget(argument, targets, 'Show the topology of which cluster?');
    if (target) topology.show(target);
  };

  const refresh = async (argument?: TargetArgument) => {
    const chosen = argument === undefined ? targets.all() : [await resolveTarget(argument, targets, '')].filter((target) => target !== undefined);
    await Promise.all(chosen.map((target) => target.snapshots.refresh()));
  };

  const copyAddress = async (argument?: NodeArgument) => {
    const resolved = await resolveNode(argument, targets, 'Copy the address of which node?');
    if (!resolved) return;
    const address = formatAddress(resolved.access.reach.map(resolved.node.announcedAddress));
    await vscode.env.clipboard.writeText(address);
    void vscode.window.setStatusBarMessage(`Copied ${address}`, 3000);
  };

  const failover = async (argument?: NodeArgument) => {
    const writable = targets.all().filter((target) => target.kind === 'local' || !target.snapshots.latest?.target.readOnly);
    const resolved = await resolveNode(argument, targets, 'Which replica should take over?', writable, (node) => node?.role === 'replica');
    if (!resolved) return;
    const { node, access, target } = resolved;
    const confirmed = await vscode.window.showWarningMessage(`Make ${node.name} the primary of its shard?`, {
      modal: true, detail: 'CLUSTER FAILOVER: its primary hands over its slots and becomes a replica. Clients follow the redirects.',
    }, 'Fail Over');
    if (!confirmed) return;
    const done = await controller.withProgress(`Valkey: Failing over to ${node.name}`, async () => (await core().failoverTo(node, access.reach), true));
    void target.snapshots.refresh();
    if (done) vscode.window.setStatusBarMessage(`$(check) ${node.name} is now a primary`, 5000);
  };

  const container = (verb: 'Stopping' | 'Starting', act: (name: string) => Promise<void>, done: string) => async (argument?: NodeArgument) => {
    const resolved = await resolveNode(argument, targets, `${verb}: which node?`, local());
    if (!resolved) return;
    const name = resolved.node.name;
    const result = await controller.withProgress(`Valkey: ${verb} ${name}`, async () => (await act(name), true));
    void targets.local.snapshots.refresh();
    if (result) vscode.window.setStatusBarMessage(`$(check) ${name} ${done}`, 5000);
  };

  return {
    'valkeyCluster.openConsole': openConsole,
    'valkeyCluster.openNodeConsole': openNodeConsole,
    'valkeyCluster.showTopology': showTopology,
    'valkeyCluster.refresh': refresh,
    'valkeyCluster.copyNodeAddress': copyAddress,
    'valkeyCluster.failover': failover,
    'valkeyCluster.stopNode': container('Stopping', async (name) => (await controller.setup()).engine.stopNode(name), 'stopped'),
    'valkeyCluster.startNode': container('Starting', async (name) => (await controller.setup()).engine.startNode(name), 'started'),
  };
}
