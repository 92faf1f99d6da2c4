// Connections to clusters the extension did not start: Add, Edit, Rename, Remove, Test. Adding and editing test the
// connection first (discovery: seeds, every announced node through the address map) and offer the address map
// discovery suggests when the announced addresses cannot be reached from here.
import * as vscode from 'vscode';
import { asProfile, type ConnectionProfile } from '../../core/connection/profile';
import type { Discovery } from '../../core/connection/discover';
import { describeError } from '../../core/errors';
import { core } from '../core-loader';
import { ConnectionTarget } from '../targets/connection-target';
import { EXTENSION_WORDS } from '../wording';
import { askConnection } from './connections/connection-form';
import { CHECK, type CommandContext, type Handler } from './context';
import { resolveTarget, type TargetArgument } from './node-target';

function summary(discovery: Discovery): string {
  if (discovery.mode === 'standalone') return vscode.l10n.t('a standalone server at {0}', discovery.seed);
  const nodes = discovery.nodes.length;
  const primaries = discovery.nodes.filter((node) => node.role === 'primary').length;
  const unreachable = discovery.nodes.filter((node) => !node.reachable).length;
  return unreachable > 0 ? vscode.l10n.t('a cluster of {0} nodes ({1} primaries), {2} not reachable from here', nodes, primaries, unreachable)
    : vscode.l10n.t('a cluster of {0} nodes ({1} primaries), every node reachable', nodes, primaries);
}

export function connectionCommands(context: CommandContext): Record<string, Handler> {
  const { controller, targets } = context;
  const store = targets.store;

  /** A saved connection's views are read again when its test ends. */
  const discover = (profile: ConnectionProfile, password: string) =>
    controller.withProgress(vscode.l10n.t('Valkey: Testing {0}', profile.label), async () => core().discover(profile, password, { timeoutMs: 5000 }).then(
      (discovery) => ({ discovery }), (error: unknown) => ({ error })), profile.id);

  /** Tests, offers a suggested map or a fix, and saves; false when the user went back to editing. */
  const testAndSave = async (profile: ConnectionProfile, password: string | undefined): Promise<'saved' | 'edit' | 'cancelled'> => {
    const result = await discover(profile, password ?? (await store.password(profile.id)));
    if (!result) return 'cancelled';
    let saved = profile;
    if ('error' in result) {
      const editAgain = vscode.l10n.t('Edit Again');
      const saveAnyway = vscode.l10n.t('Save Anyway');
      const choice = await vscode.window.showErrorMessage(vscode.l10n.t('{0}: {1}', profile.label, describeError(result.error, EXTENSION_WORDS)), { modal: true }, editAgain, saveAnyway);
      if (choice !== saveAnyway) return choice === editAgain ? 'edit' : 'cancelled';
    } else if (result.discovery.suggestedMap) {
      const { map, reason, unverified } = result.discovery.suggestedMap;
      const entries = Object.entries(map).map(([from, to]) => `${from} → ${to}`).join('\n');
      const useMap = vscode.l10n.t('Use the Map');
      const saveWithout = vscode.l10n.t('Save Without');
      const notVerified = unverified.map((entry) => `${entry.announced} → ${entry.dial} (${entry.error})`).join('; ');
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('{0} announces addresses this machine cannot reach. Use the address map discovery suggests?', profile.label), {
        modal: true, detail: `${reason}\n\n${entries}${unverified.length > 0 ? `\n\n${vscode.l10n.t('Not verified: {0}', notVerified)}` : ''}`,
      }, useMap, saveWithout);
      if (!choice) return 'cancelled';
      if (choice === useMap) saved = { ...profile, addressMap: map };
    }
    await store.save(saved, password);
    targets.reload();
    const target = targets.get(saved.id);
    // A new or changed connection is read at once by reload(), a new password once secret storage says so.
    if (target) {
      targets.setActive(target);
      target.invalidate();
    }
    vscode.window.setStatusBarMessage(vscode.l10n.t('{0} {1}: {2}', CHECK, saved.label, 'discovery' in result ? summary(result.discovery) : vscode.l10n.t('saved')), 6000);
    return 'saved';
  };

  const edit = async (current?: ConnectionProfile) => {
    for (let draft = current; ;) {
      const answers = await askConnection(draft);
      if (!answers) return;
      if ((await testAndSave(answers.profile, answers.password)) !== 'edit') return;
      draft = answers.profile;
    }
  };

  const connection = async (argument: TargetArgument, placeHolder: string): Promise<ConnectionTarget | undefined> => {
    const candidates = targets.all().filter((target) => target instanceof ConnectionTarget);
    if (candidates.length === 0) {
      const add = vscode.l10n.t('Add Connection');
      void vscode.window.showInformationMessage(vscode.l10n.t('There is no connection yet.'), add).then((choice) => {
        if (choice === add) void vscode.commands.executeCommand('valkeyCluster.addConnection');
      });
      return undefined;
    }
    const target = await resolveTarget(argument, targets, placeHolder, candidates);
    return target instanceof ConnectionTarget ? target : undefined;
  };

  return {
    /** From the palette it asks; tests and other extensions may pass the connection (the password goes to secret storage). */
    'valkeyCluster.addConnection': async (given?: { readonly profile: unknown; readonly password?: string }) =>
      (given ? testAndSave(asProfile(given.profile), given.password ?? '') : edit()),
    'valkeyCluster.editConnection': async (argument?: TargetArgument) => {
      const target = await connection(argument, vscode.l10n.t('Edit which connection?'));
      if (target) await edit(target.profile);
    },
    'valkeyCluster.renameConnection': async (argument?: TargetArgument) => {
      const target = await connection(argument, vscode.l10n.t('Rename which connection?'));
      if (!target) return;
      const label = await vscode.window.showInputBox({
        title: vscode.l10n.t('Rename {0}', target.label), value: target.label, validateInput: (text) => (text.trim() ? undefined : vscode.l10n.t('Give the connection a name.')),
      });
      if (label === undefined || label.trim() === target.label) return;
      await store.save({ ...target.profile, label: label.trim() });
      targets.reload();
    },
    'valkeyCluster.removeConnection': async (argument?: TargetArgument) => {
      const target = await connection(argument, vscode.l10n.t('Remove which connection?'));
      if (!target) return;
      const remove = vscode.l10n.t('Remove');
      const sure = await vscode.window.showWarningMessage(vscode.l10n.t('Remove the connection {0}?', target.label), {
        modal: true, detail: vscode.l10n.t('Its settings and stored password are deleted. The cluster itself is not touched.'),
      }, remove);
      if (sure !== remove) return;
      await store.remove(target.id);
      targets.reload();
    },
    'valkeyCluster.testConnection': async (argument?: TargetArgument) => {
      const target = await connection(argument, vscode.l10n.t('Test which connection?'));
      if (!target) return;
      const result = await discover(target.profile, await store.password(target.id));
      if (!result) return;
      if ('error' in result) {
        void controller.report(vscode.l10n.t('Valkey: Test {0}', target.label), result.error);
      } else if (result.discovery.suggestedMap) {
        const edit = vscode.l10n.t('Edit Connection');
        void vscode.window.showInformationMessage(vscode.l10n.t('{0}: {1}. An address map would reach the rest: {2} offers it.', target.label, summary(result.discovery), edit), edit)
          .then((choice) => choice === edit && vscode.commands.executeCommand('valkeyCluster.editConnection', target.id));
      } else {
        vscode.window.setStatusBarMessage(vscode.l10n.t('{0} {1}: {2}', CHECK, target.label, summary(result.discovery)), 8000);
      }
    },
  };
}
