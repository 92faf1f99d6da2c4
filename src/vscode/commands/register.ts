// Every command of the extension is registered through one wrapper (commandRegistrar; the Keys view gets it too):
// Restricted Mode's guard, and whatever a handler throws reported the same way, under the command's own title.
import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import type { ClusterController } from '../cluster-controller';
import { appCommands } from './app-commands';
import { clusterCommands } from './cluster-commands';
import { connectionCommands } from './connection-commands';
import type { CommandContext, Handler } from './context';
import { selectEngine } from './engine/select-engine';
import { nodeCommands } from './node-commands';
import { terminalCommands } from './terminal-commands';
import { scaleCommands } from './scale-commands';
import { TRUST_NEEDED } from './trust-needed';

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

/** Registers commands through the one wrapper every command of the extension goes through (the Keys view's too):
 * Restricted Mode's guard, then whatever a handler throws reported under the command's own title. */
export type RegisterCommands = (handlers: Readonly<Record<string, Handler>>) => vscode.Disposable[];

/** Runs command `id`'s handler directly, not through VS Code's command service (a webview page's requests, see
 * src/vscode/topology-actions.ts): the same Restricted Mode check and report as the command, but what fails is then
 * thrown, so the page can say it. */
export type CommandRunner = (id: string, ...args: unknown[]) => Promise<unknown>;

export interface CommandRegistrar {
  readonly register: RegisterCommands;
  readonly run: CommandRunner;
}

export function commandRegistrar(extension: vscode.ExtensionContext, controller: ClusterController): CommandRegistrar {
  const titles = commandTitles(extension.extension.packageJSON);
  const handlers = new Map<string, Handler>();
  const title = (id: string) => titles.get(id) ?? id;
  const restricted = (id: string) => TRUST_NEEDED.has(id) && !vscode.workspace.isTrusted;
  const restrictedMessage = (id: string) => vscode.l10n.t('{0} is not available in Restricted Mode: it changes containers or data. Trust this workspace to use it; the views and a read-only console work meanwhile.', title(id));
  const refuseRestricted = async (id: string) => {
    const manage = vscode.l10n.t('Manage Workspace Trust');
    const choice = await vscode.window.showErrorMessage(restrictedMessage(id), manage);
    if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  };
  const register: RegisterCommands = (entries) => Object.entries(entries).map(([id, handler]) => {
    handlers.set(id, handler);
    return vscode.commands.registerCommand(id, async (...args: never[]) => {
      if (restricted(id)) {
        await refuseRestricted(id);
        return undefined;
      }
      try {
        return await handler(...args);
      } catch (error) {
        // Not awaited: the command is over; the notification waits for the person, not its caller.
        void controller.report(title(id), error);
        return undefined;
      }
    });
  });
  const run: CommandRunner = async (id, ...args) => {
    const handler = handlers.get(id);
    if (!handler) throw new Error(`no command ${id}`);
    if (restricted(id)) {
      void refuseRestricted(id);
      throw new UserError('noPermission', restrictedMessage(id));
    }
    try {
      return await handler(...(args as never[]));
    } catch (error) {
      void controller.report(title(id), error);
      throw error;
    }
  };
  return { register, run };
}

export function registerCommands(context: CommandContext, register: RegisterCommands): vscode.Disposable[] {
  return register({
    ...clusterCommands(context),
    ...nodeCommands(context),
    ...connectionCommands(context),
    ...terminalCommands(context),
    ...appCommands(context),
    ...scaleCommands(context),
    'valkeyCluster.selectEngine': selectEngine,
  });
}
