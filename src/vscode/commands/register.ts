// Every command of the extension, registered in one place. Handlers translate UI into core calls and back.
import * as vscode from 'vscode';
import { formatAddress } from '../../core/client/reach';
import { word } from '../../core/wording';
import { EXTENSION_WORDS } from '../wording';
import { passwordProblem } from '../../core/secrets';
import type { ClusterController } from '../cluster-controller';
import { ConsoleTerminal } from '../console-terminal';
import { core } from '../core-loader';
import type { PasswordStore } from '../password-store';
import type { SnapshotService } from '../snapshot-service';
import type { TopologyPanel } from '../topology-panel';
import { NodeArgument, resolveNode } from './node-target';

interface Manifest {
  readonly contributes: { readonly commands: readonly { readonly command: string; readonly title: string }[] };
}

export interface CommandContext {
  readonly extension: vscode.ExtensionContext;
  readonly controller: ClusterController;
  readonly snapshots: SnapshotService;
  readonly passwords: PasswordStore;
  readonly topology: TopologyPanel;
}

export function registerCommands(context: CommandContext): vscode.Disposable[] {
  const { controller, snapshots, passwords, topology } = context;
  const refreshSoon = () => void snapshots.refresh();

  const start = async () => {
    const result = await controller.run('Valkey: Starting cluster', (setup, options) => setup.engine.up(options));
    refreshSoon();
    if (!result) return;
    for (const warning of result.warnings) void vscode.window.showWarningMessage(word(warning, EXTENSION_WORDS));
    const message = result.alreadyRunning ? 'The Valkey cluster is already running and ready.' : `Valkey cluster ready${result.initRan ? ' (formed by init)' : ''}.`;
    // Not awaited: the command is done when the cluster is; the buttons are an offer.
    void vscode.window.showInformationMessage(message, 'Open Console', 'Show Topology').then((choice) => {
      if (choice === 'Open Console') void vscode.commands.executeCommand('valkeyCluster.openConsole');
      if (choice === 'Show Topology') void vscode.commands.executeCommand('valkeyCluster.showTopology');
    });
    return result;
  };

  const stop = async () => {
    const done = await controller.run('Valkey: Stopping cluster', async (setup, options) => (await setup.engine.stop(options), true));
    refreshSoon();
    if (done) void vscode.window.showInformationMessage('Valkey cluster stopped; its data is kept.');
  };

  const init = async () => {
    const log = await controller.run('Valkey: Running cluster init', (setup, options) => setup.engine.init(options));
    refreshSoon();
    if (log !== undefined) {
      const last = log.trim().split('\n').pop() ?? '';
      void vscode.window.showInformationMessage(`Cluster init finished: ${last.replace(/^init: /, '')}`);
    }
  };

  const remove = async () => {
    const keep = 'Remove Containers, Keep Data';
    const wipe = 'Remove Everything';
    const choice = await vscode.window.showWarningMessage('Remove the Valkey cluster?', {
      modal: true,
      detail: 'Containers and network are removed. "Remove Everything" also deletes the data volumes: every key is lost.',
    }, keep, wipe);
    if (!choice) return;
    const done = await controller.run('Valkey: Removing cluster', async (setup, options) => (await setup.engine.down({ ...options, removeVolumes: choice === wipe }), true));
    refreshSoon();
    if (done) void vscode.window.showInformationMessage(choice === wipe ? 'Cluster and data removed.' : 'Cluster removed; data volumes kept.');
  };

  /** From the palette it asks; other extensions and tests may pass the new password. */
  const setPassword = async (provided?: unknown) => {
    if (typeof provided === 'string' && passwordProblem(provided)) {
      void vscode.window.showErrorMessage(`Set Password: ${passwordProblem(provided)}`);
      return;
    }
    const password = typeof provided === 'string' ? provided : await vscode.window.showInputBox({
      title: 'Valkey cluster password',
      prompt: 'Stored in VS Code\'s secret storage; the nodes read it when they start.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => passwordProblem(value),
    });
    if (password === undefined) return;
    await passwords.set(password);
    controller.invalidate();
    const running = snapshots.latest && !['stopped', 'absent', 'noEngine'].includes(snapshots.latest.state);
    if (!running) {
      void vscode.window.showInformationMessage('Password saved. The cluster uses it from its next start.');
      return;
    }
    void vscode.window.showWarningMessage('Password saved. The running nodes keep the old password until they restart; until then the views and console cannot connect.', 'Restart Cluster Now')
      .then(async (choice) => {
        if (!choice) return;
        await controller.run('Valkey: Restarting cluster', async (setup, options) => {
          await setup.engine.stop(options);
          return setup.engine.up(options);
        });
        refreshSoon();
      });
  };

  const showNodeLogs = async (argument?: NodeArgument) => {
    const setup = await controller.setup();
    const services = setup.plan.containers.map((container) => container.service);
    const service = typeof argument === 'string' ? argument : argument?.node.name
      ?? (await vscode.window.showQuickPick(services, { placeHolder: 'Logs of which container?' }));
    if (!service) return;
    const logs = await setup.engine.logs(service);
    const document = await vscode.workspace.openTextDocument({ content: logs || `(${service} has written no log yet)`, language: 'log' });
    await vscode.window.showTextDocument(document, { preview: true });
  };

  const openConsole = async (argument?: NodeArgument, pinned = false, initialLine?: string) => {
    const setup = await controller.setup();
    const node = pinned ? await resolveNode(argument, setup.plan.nodes, setup.reach, 'Open a console on which node?') : undefined;
    if (pinned && !node) return;
    const session = new (core().ConsoleSession)({ nodes: setup.plan.nodes, reach: setup.reach, pinnedNode: node?.name });
    const banner = node
      ? `Valkey console on ${node.name} (${formatAddress(setup.reach.map(node.announcedAddress))}). Type help for help.`
      : 'Valkey cluster console: commands go to the node that owns their key. Type help for help.';
    const terminal = vscode.window.createTerminal({
      name: node ? `Valkey ${node.name}` : 'Valkey Console',
      pty: new ConsoleTerminal(session, context.extension.workspaceState, banner, initialLine),
      iconPath: new vscode.ThemeIcon('database'),
    });
    terminal.show();
  };

  const nodeAction = (title: string, action: (name: string) => Promise<unknown>, done: (name: string) => string) =>
    async (argument?: NodeArgument) => {
      const setup = await controller.setup();
      const node = await resolveNode(argument, setup.plan.nodes, setup.reach, `${title}: which node?`);
      if (!node) return;
      const result = await controller.run(`Valkey: ${title} ${node.name}`, async () => (await action(node.name), true));
      refreshSoon();
      if (result) void vscode.window.showInformationMessage(done(node.name));
    };

  const failover = async (argument?: NodeArgument) => {
    const setup = await controller.setup();
    const node = await resolveNode(argument, setup.plan.nodes, setup.reach, 'Which replica should take over?');
    if (!node) return;
    const confirmed = await vscode.window.showWarningMessage(`Make ${node.name} the primary of its shard?`, {
      modal: true, detail: 'CLUSTER FAILOVER: its primary hands over its slots and becomes a replica. Clients follow the redirects.',
    }, 'Fail Over');
    if (!confirmed) return;
    const result = await controller.run(`Valkey: Failing over to ${node.name}`, async (current) => (await core().failoverTo(node, current.reach), true));
    refreshSoon();
    if (result) void vscode.window.showInformationMessage(`${node.name} is now a primary.`);
  };

  const copyAddress = async (argument?: NodeArgument) => {
    const setup = await controller.setup();
    const node = await resolveNode(argument, setup.plan.nodes, setup.reach, 'Copy the address of which node?');
    if (!node) return;
    const address = formatAddress(setup.reach.map(node.announcedAddress));
    await vscode.env.clipboard.writeText(address);
    void vscode.window.setStatusBarMessage(`Copied ${address}`, 3000);
  };

  const handlers: Record<string, (...args: never[]) => unknown> = {
    'valkeyCluster.start': start,
    'valkeyCluster.stop': stop,
    'valkeyCluster.init': init,
    'valkeyCluster.remove': remove,
    'valkeyCluster.setPassword': setPassword,
    'valkeyCluster.showNodeLogs': showNodeLogs,
    'valkeyCluster.refresh': () => snapshots.refresh(),
    'valkeyCluster.showTopology': () => topology.show(),
    // Other views may pass { initialLine } to prefill the prompt (e.g. the Keys view's "Open in Console").
    'valkeyCluster.openConsole': (options?: { initialLine?: unknown }) =>
      openConsole(undefined, false, typeof options?.initialLine === 'string' ? options.initialLine : undefined),
    'valkeyCluster.openNodeConsole': (argument?: NodeArgument) => openConsole(argument, true),
    'valkeyCluster.copyNodeAddress': copyAddress,
    'valkeyCluster.stopNode': nodeAction('Stopping', async (name) => (await controller.setup()).engine.stopNode(name), (name) => `${name} stopped.`),
    'valkeyCluster.startNode': nodeAction('Starting', async (name) => (await controller.setup()).engine.startNode(name), (name) => `${name} started.`),
    'valkeyCluster.failover': failover,
  };
  // One wrapper: whatever a handler throws is reported the same way, under the command's own title.
  const titles = new Map((context.extension.extension.packageJSON as Manifest).contributes.commands.map((entry) => [entry.command, `Valkey: ${entry.title}`]));
  return Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, async (...args: never[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      await controller.report(titles.get(id) ?? id, error);
      return undefined;
    }
  }));
}
