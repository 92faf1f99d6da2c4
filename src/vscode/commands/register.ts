// Every command of the extension, registered in one place through one wrapper: whatever a handler throws is
// reported the same way, under the command's own title.
import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { appCommands } from './app-commands';
import { clusterCommands } from './cluster-commands';
import { connectionCommands } from './connection-commands';
import type { CommandContext, Handler } from './context';
import { selectEngine } from './engine/select-engine';
import { nodeCommands } from './node-commands';
import { terminalCommands } from './terminal-commands';
import { scaleCommands } from './scale-commands';

/** What Restricted Mode withholds: anything that starts, stops or changes containers, or writes to a cluster. The
 * views, the console (read-only) and the Keys view (read-only) stay. */
export const TRUST_NEEDED: ReadonlySet<string> = new Set(['valkeyCluster.start', 'valkeyCluster.stop', 'valkeyCluster.init',
  'valkeyCluster.remove', 'valkeyCluster.setPassword', 'valkeyCluster.stopNode', 'valkeyCluster.startNode', 'valkeyCluster.failover',
  'valkeyCluster.openShell', 'valkeyCluster.scale', 'valkeyCluster.addShard', 'valkeyCluster.removeShard', 'valkeyCluster.addReplica',
  'valkeyCluster.removeReplica', 'valkeyCluster.moveSlots', 'valkeyCluster.rebalance', 'valkeyCluster.exportCompose']);

/** A manifest string as the extension host gives it: VS Code replaces %key% by the display language's text, and
 * gives a command's title and category as { value, original } when that text is a translation. */
type ManifestText = string | { readonly value: string; readonly original: string };

interface Manifest {
  readonly contributes: { readonly commands: readonly { readonly command: string; readonly title: ManifestText; readonly category?: ManifestText }[] };
}

function shown(text: ManifestText | undefined): string {
  return typeof text === 'object' ? text.value : text ?? '';
}

/** "Valkey: Start Cluster", as the palette shows it in the display language. */
export function commandTitles(manifest: unknown): Map<string, string> {
  return new Map((manifest as Manifest).contributes.commands.map((entry) => [entry.command,
    entry.category ? vscode.l10n.t('{0}: {1}', shown(entry.category), shown(entry.title)) : shown(entry.title)]));
}

/** Runs command `id`'s handler directly, not through VS Code's command service (a webview page's requests, see
 * src/vscode/topology-actions.ts): the same Restricted Mode check and report as the command, but what fails is then
 * thrown, so the page can say it, and the report does not wait for its notification to close. */
export type CommandRunner = (id: string, ...args: unknown[]) => Promise<unknown>;

export function registerCommands(context: CommandContext): { readonly disposables: vscode.Disposable[]; readonly run: CommandRunner } {
  const handlers: Record<string, Handler> = {
    ...clusterCommands(context),
    ...nodeCommands(context),
    ...connectionCommands(context),
    ...terminalCommands(context),
    ...appCommands(context),
    ...scaleCommands(context),
    'valkeyCluster.selectEngine': selectEngine,
  };
  const titles = commandTitles(context.extension.extension.packageJSON);
  const title = (id: string) => titles.get(id) ?? id;
  const restricted = (id: string) => TRUST_NEEDED.has(id) && !vscode.workspace.isTrusted;
  const restrictedMessage = (id: string) => vscode.l10n.t('{0} is not available in Restricted Mode: it changes containers or data. Trust this workspace to use it; the views and a read-only console work meanwhile.', title(id));
  const refuseRestricted = async (id: string) => {
    const manage = vscode.l10n.t('Manage Workspace Trust');
    const choice = await vscode.window.showErrorMessage(restrictedMessage(id), manage);
    if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  };

  const run: CommandRunner = async (id, ...args) => {
    const handler = handlers[id];
    if (!handler) throw new Error(`no command ${id}`);
    if (restricted(id)) {
      void refuseRestricted(id);
      throw new UserError('noPermission', restrictedMessage(id));
    }
    try {
      return await handler(...(args as never[]));
    } catch (error) {
      void context.controller.report(title(id), error);
      throw error;
    }
  };

  const disposables = Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, async (...args: never[]) => {
    if (restricted(id)) {
      await refuseRestricted(id);
      return undefined;
    }
    try {
      return await handler(...args);
    } catch (error) {
      await context.controller.report(title(id), error);
      return undefined;
    }
  }));
  return { disposables, run };
}
