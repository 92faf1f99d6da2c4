// Connect Your App: a snippet for the user's own client (with the current ports and address map, never the
// password), the password copied to the clipboard only on an explicit Copy Password, and the extension's log.
import * as vscode from 'vscode';
import { PASSWORD_VARIABLE } from '../../core/connect-app/app-connection';
import type { AppClient } from '../../core/connect-app/snippets';
import { UserError } from '../../core/errors';
import { core } from '../core-loader';
import { EXTENSION_WORDS } from '../wording';
import type { CommandContext, Handler } from './context';

export function appCommands(context: CommandContext): Record<string, Handler> {
  const { controller, targets } = context;

  /** From the palette it asks which client; tests and other extensions may name one (e.g. "iovalkey"). */
  const connectApp = async (clientId?: unknown): Promise<vscode.TextDocument | undefined> => {
    const snapshot = await targets.local.snapshots.refresh();
    if (snapshot?.state === 'stopped' || snapshot?.state === 'absent') {
      const start = vscode.l10n.t('Start Cluster');
      void vscode.window.showWarningMessage(vscode.l10n.t('The local Valkey cluster is stopped: start it first, so the snippet has its current ports and addresses.'), start)
        .then((choice) => choice === start && vscode.commands.executeCommand('valkeyCluster.start'));
      return undefined;
    }
    if (snapshot?.state === 'noEngine') throw new UserError('engineUnreachable', snapshot.problems.join(' '));
    const setup = await controller.setup();
    const { APP_CLIENTS, appConnection, appSnippet } = core();
    const client: AppClient | undefined = typeof clientId === 'string' ? APP_CLIENTS.find((candidate) => candidate.id === clientId)
      : (await vscode.window.showQuickPick(APP_CLIENTS.map((candidate) => ({ label: candidate.label, description: candidate.install, client: candidate })),
        { placeHolder: vscode.l10n.t('Which client does your app use?'), matchOnDescription: true }))?.client;
    if (!client) return undefined;
    const content = appSnippet(client.id, appConnection(setup.plan.nodes, setup.reach), { vocabulary: EXTENSION_WORDS });
    const document = await vscode.workspace.openTextDocument({ content, language: client.language });
    await vscode.window.showTextDocument(document, { preview: false });
    const copy = vscode.l10n.t('Copy Password');
    void vscode.window.showInformationMessage(vscode.l10n.t('The snippet reads the password from the {0} environment variable.', PASSWORD_VARIABLE), copy)
      .then((choice) => choice === copy && vscode.commands.executeCommand('valkeyCluster.copyPassword'));
    return document;
  };

  const copyPassword = async () => {
    await vscode.env.clipboard.writeText(await controller.password());
    vscode.window.setStatusBarMessage(vscode.l10n.t('{0} Valkey: the cluster password is on the clipboard', '$(key)'), 8000);
  };

  return {
    'valkeyCluster.connectApp': connectApp,
    'valkeyCluster.copyPassword': copyPassword,
    'valkeyCluster.showLog': () => context.log.show(),
  };
}
