// Commands about one target or one of its nodes, for any target: console, topology, refresh, copy address, fail
// over; and those only the local cluster has (its containers): stop and start a node (logs and shell: terminal-commands).
import * as vscode from 'vscode';
import { formatAddress } from '../../core/client/reach';
import { ConsoleTerminal } from '../console-terminal';
import { core } from '../core-loader';
import type { Target } from '../targets/target';
import { CHECK, type CommandContext, type Handler } from './context';
import { type NodeArgument, resolveNode, resolveTarget, type TargetArgument } from './node-target';

export function nodeCommands(context: CommandContext): Record<string, Handler> {
  const { controller, targets, topology } = context;
  const local = () => [targets.local];

  /** Returns the terminal it opened (for tests and other extensions). `initialLine` is typed at the first prompt. */
  const openConsoleOn = async (target: Target, nodeName?: string, initialLine?: string): Promise<vscode.Terminal> => {
    const access = await target.access();
    const node = nodeName ?? (access.standalone ? access.nodes()[0]?.name : undefined);
    const session = new (core().ConsoleSession)({ nodes: access.nodes, hub: access.hub, pinnedNode: node, readOnly: access.readOnly });
    const pinned = node === undefined ? undefined : access.nodes().find((candidate) => candidate.name === node);
    const where = access.standalone ? vscode.l10n.t('Valkey console on {0} (a standalone server).', target.label)
      : pinned ? vscode.l10n.t('Valkey console on {0} ({1}).', pinned.name, formatAddress(access.hub.reach.map(pinned.announcedAddress)))
        : target.kind === 'connection' ? vscode.l10n.t('Valkey console on {0}: commands go to the node that owns their key.', target.label)
          : vscode.l10n.t('Valkey cluster console: commands go to the node that owns their key.');
    const readOnlyNote = !access.readOnly ? [] : vscode.workspace.isTrusted ? [vscode.l10n.t('Read-only: commands that write are refused.')]
      : [vscode.l10n.t('Read-only (Restricted Mode): commands that write are refused.')];
    const banner = [where, ...readOnlyNote, vscode.l10n.t('Type help for help.')].join(' ');
    const pty = new ConsoleTerminal(session, context.extension.workspaceState, banner, initialLine);
    const name = pinned && !access.standalone ? vscode.l10n.t('Valkey {0}', pinned.name) : target.kind === 'connection' ? vscode.l10n.t('Valkey {0}', target.label)
      : vscode.l10n.t('Valkey Console');
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
    const target = await resolveTarget(prefill ? prefill.targetId : argument as TargetArgument, targets, vscode.l10n.t('Open a console on which cluster?'));
    return target && openConsoleOn(target, undefined, prefill?.initialLine);
  };

  const openNodeConsole = async (argument?: NodeArgument) => {
    const resolved = await resolveNode(argument, targets, vscode.l10n.t('Open a console on which node?'));
    return resolved && openConsoleOn(resolved.target, resolved.node.name);
  };

  const showTopology = async (argument?: TargetArgument) => {
    const target = await resolveTarget(argument, targets, vscode.l10n.t('Show the topology of which cluster?'));
    if (target) topology.show(target);
  };

  const refresh = async (argument?: TargetArgument) => {
    const chosen = argument === undefined ? targets.all() : [await resolveTarget(argument, targets, '')].filter((target) => target !== undefined);
    await Promise.all(chosen.map((target) => target.snapshots.refresh()));
  };

  const copyAddress = async (argument?: NodeArgument) => {
    const resolved = await resolveNode(argument, targets, vscode.l10n.t('Copy the address of which node?'));
    if (!resolved) return;
    const address = formatAddress(resolved.access.hub.reach.map(resolved.node.announcedAddress));
    await vscode.env.clipboard.writeText(address);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', address), 3000);
  };

  const failover = async (argument?: NodeArgument) => {
    const writable = targets.all().filter((target) => target.kind === 'local' || !target.snapshots.latest?.target.readOnly);
    const resolved = await resolveNode(argument, targets, vscode.l10n.t('Which replica should take over?'), writable, (node) => node?.role === 'replica');
    if (!resolved) return;
    const { node, access, target } = resolved;
    const failOver = vscode.l10n.t('Fail Over');
    const confirmed = await vscode.window.showWarningMessage(vscode.l10n.t('Make {0} the primary of its shard?', node.name), {
      modal: true, detail: vscode.l10n.t('CLUSTER FAILOVER: its primary hands over its slots and becomes a replica. Clients follow the redirects.'),
    }, failOver);
    if (confirmed !== failOver) return;
    const done = await controller.withProgress(vscode.l10n.t('Valkey: Failing over to {0}', node.name), async () => (await core().failoverTo(node, access.hub), true), target.id);
    if (done) vscode.window.setStatusBarMessage(vscode.l10n.t('{0} {1} is now a primary', CHECK, node.name), 5000);
  };

  /** Stop or start a node's container: what to ask, what the progress says and what is said when done, per node. */
  interface ContainerWords {
    readonly pick: string;
    readonly progress: (name: string) => string;
    readonly done: (name: string) => string;
  }
  const container = (words: ContainerWords, act: (name: string) => Promise<void>) => async (argument?: NodeArgument) => {
    const resolved = await resolveNode(argument, targets, words.pick, local());
    if (!resolved) return;
    const name = resolved.node.name;
    const result = await controller.withProgress(words.progress(name), async () => (await act(name), true), targets.local.id);
    if (result) vscode.window.setStatusBarMessage(words.done(name), 5000);
  };
  const stopping: ContainerWords = {
    pick: vscode.l10n.t('Stopping: which node?'),
    progress: (name) => vscode.l10n.t('Valkey: Stopping {0}', name),
    done: (name) => vscode.l10n.t('{0} {1} stopped', CHECK, name),
  };
  const starting: ContainerWords = {
    pick: vscode.l10n.t('Starting: which node?'),
    progress: (name) => vscode.l10n.t('Valkey: Starting {0}', name),
    done: (name) => vscode.l10n.t('{0} {1} started', CHECK, name),
  };

  return {
    'valkeyCluster.openConsole': openConsole,
    'valkeyCluster.openNodeConsole': openNodeConsole,
    'valkeyCluster.showTopology': showTopology,
    'valkeyCluster.refresh': refresh,
    'valkeyCluster.copyNodeAddress': copyAddress,
    'valkeyCluster.failover': failover,
    'valkeyCluster.stopNode': container(stopping, async (name) => (await controller.setup()).engine.stopNode(name)),
    'valkeyCluster.startNode': container(starting, async (name) => (await controller.setup()).engine.startNode(name)),
  };
}
