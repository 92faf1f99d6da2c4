// Every command of the extension, registered in one place through one wrapper: whatever a handler throws is
// reported the same way, under the command's own title.
import * as vscode from 'vscode';
import { clusterCommands } from './cluster-commands';
import { connectionCommands } from './connection-commands';
import type { CommandContext, Handler } from './context';
import { selectEngine } from './engine/select-engine';
import { nodeCommands } from './node-commands';
import { scaleCommands } from './scale-commands';

interface Manifest {
  readonly contributes: { readonly commands: readonly { readonly command: string; readonly title: string }[] };
}

export function registerCommands(context: CommandContext): vscode.Disposable[] {
  const handlers: Record<string, Handler> = {
    ...clusterCommands(context),
    ...nodeCommands(context),
    ...connectionCommands(context),
    ...scaleCommands(context),
    'valkeyCluster.selectEngine': selectEngine,
  };
  const titles = new Map((context.extension.extension.packageJSON as Manifest).contributes.commands.map((entry) => [entry.command, `Valkey: ${entry.title}`]));
  return Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, async (...args: never[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      await context.controller.report(titles.get(id) ?? id, error);
      return undefined;
    }
  }));
}
