// The local cluster's lifecycle: Start, Stop, Run Cluster Init, Remove, Set Password (only the cluster the
// extension runs in Docker has these).
import * as vscode from 'vscode';
import { passwordProblem } from '../../core/secrets';
import { word } from '../../core/wording';
import { EXTENSION_WORDS } from '../wording';
import type { CommandContext, Handler } from './context';

/** How long a routine success stays in the status bar (results with choices to make stay notifications). */
const STATUS_MS = 8000;

export function clusterCommands(context: CommandContext): Record<string, Handler> {
  const { controller, targets, passwords } = context;
  const refreshLocal = () => void targets.local.snapshots.refresh();

  const start = async () => {
    const result = await controller.run('Valkey: Starting cluster', (setup, options) => setup.engine.up(options));
    refreshLocal();
    if (!result) return;
    for (const warning of result.warnings) void vscode.window.showWarningMessage(word(warning, EXTENSION_WORDS));
    const message = result.alreadyRunning ? 'The Valkey cluster is already running and ready.' : `Valkey cluster ready${{ existing: '', direct: ' (formed)', init: ' (repaired by init)' }[result.formed]}.`;
    // Not awaited: the command is done when the cluster is; the buttons are an offer.
    void vscode.window.showInformationMessage(message, 'Open Console', 'Show Topology').then((choice) => {
      if (choice === 'Open Console') void vscode.commands.executeCommand('valkeyCluster.openConsole', targets.local.id);
      if (choice === 'Show Topology') void vscode.commands.executeCommand('valkeyCluster.showTopology', targets.local.id);
    });
    return result;
  };

  const stop = async () => {
    const done = await controller.run('Valkey: Stopping cluster', async (setup, options) => (await setup.engine.stop(options), true));
    refreshLocal();
    if (done) vscode.window.setStatusBarMessage('$(check) Valkey cluster stopped; its data is kept.', STATUS_MS);
  };

  const init = async () => {
    const log = await controller.run('Valkey: Running cluster init', (setup, options) => setup.engine.init(options));
    refreshLocal();
    if (log !== undefined) {
      const last = log.trim().split('\n').pop() ?? '';
      vscode.window.setStatusBarMessage(`$(check) Cluster init finished: ${last.replace(/^init: /, '')}`, STATUS_MS);
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
    refreshLocal();
    if (done) vscode.window.setStatusBarMessage(`$(check) ${choice === wipe ? 'Cluster and data removed.' : 'Cluster removed; data volumes kept.'}`, STATUS_MS);
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
    const running = targets.local.snapshots.latest && !['stopped', 'absent', 'noEngine'].includes(targets.local.snapshots.latest.state);
    if (!running) {
      vscode.window.setStatusBarMessage('$(check) Password saved. The cluster uses it from its next start.', STATUS_MS);
      return;
    }
    void vscode.window.showWarningMessage('Password saved. The running nodes keep the old password until they restart; until then the views and console cannot connect.', 'Restart Cluster Now')
      .then(async (choice) => {
        if (!choice) return;
        await controller.run('Valkey: Restarting cluster', async (setup, options) => {
          await setup.engine.stop(options);
          return setup.engine.up(options);
        });
        refreshLocal();
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
