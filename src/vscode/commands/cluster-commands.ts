// The local cluster's lifecycle: Start, Stop, Run Cluster Init, Remove, Set Password (only the cluster the
// extension runs in Docker has these).
import * as vscode from 'vscode';
import { passwordProblem } from '../../core/secrets';
import { word } from '../../core/wording';
import { EXTENSION_WORDS } from '../wording';
import { CHECK, type CommandContext, type Handler } from './context';

/** How long a routine success stays in the status bar (results with choices to make stay notifications). */
const STATUS_MS = 8000;

export function clusterCommands(context: CommandContext): Record<string, Handler> {
  const { controller, targets, passwords } = context;

  const start = async () => {
    const result = await controller.run(vscode.l10n.t('Valkey: Starting cluster'), (setup, options) => setup.engine.up(options));
    if (!result) return;
    for (const warning of result.warnings) void vscode.window.showWarningMessage(word(warning, EXTENSION_WORDS));
    const message = result.alreadyRunning ? vscode.l10n.t('The Valkey cluster is already running and ready.')
      : { existing: vscode.l10n.t('Valkey cluster ready.'), direct: vscode.l10n.t('Valkey cluster ready (formed).'), init: vscode.l10n.t('Valkey cluster ready (repaired by init).') }[result.formed];
    const openConsole = vscode.l10n.t('Open Console');
    const showTopology = vscode.l10n.t('Show Topology');
    // Not awaited: the command is done when the cluster is; the buttons are an offer.
    void vscode.window.showInformationMessage(message, openConsole, showTopology).then((choice) => {
      if (choice === openConsole) void vscode.commands.executeCommand('valkeyCluster.openConsole', targets.local.id);
      if (choice === showTopology) void vscode.commands.executeCommand('valkeyCluster.showTopology', targets.local.id);
    });
    return result;
  };

  const stop = async () => {
    const done = await controller.run(vscode.l10n.t('Valkey: Stopping cluster'), async (setup, options) => (await setup.engine.stop(options), true));
    if (done) vscode.window.setStatusBarMessage(vscode.l10n.t('{0} Valkey cluster stopped; its data is kept.', CHECK), STATUS_MS);
  };

  const init = async () => {
    const log = await controller.run(vscode.l10n.t('Valkey: Running cluster init'), (setup, options) => setup.engine.init(options));
    if (log !== undefined) {
      const last = log.trim().split('\n').pop() ?? '';
      vscode.window.setStatusBarMessage(vscode.l10n.t('{0} Cluster init finished: {1}', CHECK, last.replace(/^init: /, '')), STATUS_MS);
    }
  };

  const remove = async () => {
    const keep = vscode.l10n.t('Remove Containers, Keep Data');
    const wipe = vscode.l10n.t('Remove Everything');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Remove the Valkey cluster?'), {
      modal: true,
      detail: vscode.l10n.t('Containers and network are removed. "{0}" also deletes the data volumes: every key is lost.', wipe),
    }, keep, wipe);
    if (!choice) return;
    const done = await controller.run(vscode.l10n.t('Valkey: Removing cluster'), async (setup, options) => (await setup.engine.down({ ...options, removeVolumes: choice === wipe }), true));
    if (done) {
      vscode.window.setStatusBarMessage(choice === wipe ? vscode.l10n.t('{0} Cluster and data removed.', CHECK) : vscode.l10n.t('{0} Cluster removed; data volumes kept.', CHECK), STATUS_MS);
    }
  };

  /** From the palette it asks; other extensions and tests may pass the new password. */
  const setPassword = async (provided?: unknown) => {
    if (typeof provided === 'string' && passwordProblem(provided)) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Set Password: {0}', passwordProblem(provided) ?? ''));
      return;
    }
    const password = typeof provided === 'string' ? provided : await vscode.window.showInputBox({
      title: vscode.l10n.t('Valkey cluster password'),
      prompt: vscode.l10n.t('Stored in VS Code\'s secret storage and the cluster\'s secret file; the nodes read it when they start.'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => passwordProblem(value),
    });
    if (password === undefined) return;
    await passwords.set(controller.passwordPlace(), password);
    controller.invalidate();
    const running = targets.local.snapshots.latest && !['stopped', 'absent', 'noEngine'].includes(targets.local.snapshots.latest.state);
    if (!running) {
      vscode.window.setStatusBarMessage(vscode.l10n.t('{0} Password saved. The cluster uses it from its next start.', CHECK), STATUS_MS);
      return;
    }
    const restart = vscode.l10n.t('Restart Cluster Now');
    void vscode.window.showWarningMessage(vscode.l10n.t('Password saved. The running nodes keep the old password until they restart; until then the views and console cannot connect.'), restart)
      .then(async (choice) => {
        if (choice !== restart) return;
        await controller.run(vscode.l10n.t('Valkey: Restarting cluster'), async (setup, options) => {
          await setup.engine.stop(options);
          return setup.engine.up(options);
        });
      });
  };

  return {
    'valkeyCluster.start': start,
    'valkeyCluster.stop': stop,
    'valkeyCluster.init': init,
    'valkeyCluster.remove': remove,
    'valkeyCluster.setPassword': setPassword,
  };
}
