// Every command of the extension is registered through one wrapper (commandRegistrar; the Keys view gets it too):
// Restricted Mode's guard, and whatever a handler throws reported the same way, under the command's own title.
import * as vscode from 'vscode';
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

export function commandRegistrar(extension: vscode.ExtensionContext, controller: ClusterController): RegisterCommands {
  const titles = commandTitles(extension.extension.packageJSON);
  return (handlers) => Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, async (...args: never[]) => {
    if (TRUST_NEEDED.has(id) && !vscode.workspace.isTrusted) {
      const manage = vscode.l10n.t('Manage Workspace Trust');
      const choice = await vscode.window.showErrorMessage(
        vscode.l10n.t('{0} is not available in Restricted Mode: it changes containers or data. Trust this workspace to use it; the views and a read-only console work meanwhile.', titles.get(id) ?? id),
        manage);
      if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
      return undefined;
    }
    try {
      return await handler(...args);
    } catch (error) {
      // Not awaited: the command is over; the notification waits for the person, not its caller.
      void controller.report(titles.get(id) ?? id, error);
      return undefined;
    }
  }));
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
