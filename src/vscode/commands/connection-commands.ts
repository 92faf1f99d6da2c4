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
import type { CommandContext, Handler } from './context';
import { resolveTarget, type TargetArgument } from './node-target';

function summary(discovery: Discovery): string {
  if (discovery.mode === 'standalone') return `a standalone server at ${discovery.seed}`;
  const primaries = discovery.nodes.filter((node) => node.role === 'primary').length;
  const unreachable = discovery.nodes.filter((node) => !node.reachable).length;
  return `a cluster of ${discovery.nodes.length} nodes (${primaries} primaries)${unreachable > 0 ? `, ${unreachable} not reachable from here` : ', every node reachable'}`;
}

export function connectionCommands(context: CommandContext): Record<string, Handler> {
  const { controller, targets } = context;
  const store = targets.store;

  const discover = (profile: ConnectionProfile, password: string) =>
    controller.withProgress(`Valkey: Testing ${profile.label}`, async () => core().discover(profile, password, { timeoutMs: 5000 }).then(
      (discovery) => ({ discovery }), (error: unknown) => ({ error })));

  /** Tests, offers a suggested map or a fix, and saves; false when the user went back to editing. */
  const testAndSave = async (profile: ConnectionProfile, password: string | undefined): Promise<'saved' | 'edit' | 'cancelled'> => {
    const result = await discover(profile, password ?? (await store.password(profile.id)));
    if (!result) return 'cancelled';
    let saved = profile;
    if ('error' in result) {
      const choice = await vscode.window.showErrorMessage(`${profile.label}: ${describeError(result.error, EXTENSION_WORDS)}`, { modal: true }, 'Edit Again', 'Save Anyway');
      if (choice !== 'Save Anyway') return choice === 'Edit Again' ? 'edit' : 'cancelled';
    } else if (result.discovery.suggestedMap) {
      const { map, reason, unverified } = result.discovery.suggestedMap;
      const entries = Object.entries(map).map(([from, to]) => `${from} → ${to}`).join('\n');
      const choice = await vscode.window.showWarningMessage(`${profile.label} announces addresses this machine cannot reach. Use the address map discovery suggests?`, {
        modal: true, detail: `${reason}\n\n${entries}${unverified.length > 0 ? `\n\nNot verified: ${unverified.map((entry) => `${entry.announced} → ${entry.dial} (${entry.error})`).join('; ')}` : ''}`,
      }, 'Use the Map', 'Save Without');
      if (!choice) return 'cancelled';
      if (choice === 'Use the Map') saved = { ...profile, addressMap: map };
    }
    await store.save(saved, password);
    targets.reload();
    const target = targets.get(saved.id);
    if (target) {
      targets.setActive(target);
      target.invalidate();
      void target.snapshots.refresh();
    }
    vscode.window.setStatusBarMessage(`$(check) ${saved.label}: ${'discovery' in result ? summary(result.discovery) : 'saved'}`, 6000);
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
      void vscode.window.showInformationMessage('There is no connection yet.', 'Add Connection').then((choice) => {
        if (choice) void vscode.commands.executeCommand('valkeyCluster.addConnection');
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
      const target = await connection(argument, 'Edit which connection?');
      if (target) await edit(target.profile);
    },
    'valkeyCluster.renameConnection': async (argument?: TargetArgument) => {
      const target = await connection(argument, 'Rename which connection?');
      if (!target) return;
      const label = await vscode.window.showInputBox({ title: `Rename ${target.label}`, value: target.label, validateInput: (text) => (text.trim() ? undefined : 'Give the connection a name.') });
      if (label === undefined || label.trim() === target.label) return;
      await store.save({ ...target.profile, label: label.trim() });
      targets.reload();
    },
    'valkeyCluster.removeConnection': async (argument?: TargetArgument) => {
      const target = await connection(argument, 'Remove which connection?');
      if (!target) return;
      const sure = await vscode.window.showWarningMessage(`Remove the connection ${target.label}?`, {
        modal: true, detail: 'Its settings and stored password are deleted. The cluster itself is not touched.',
      }, 'Remove');
      if (!sure) return;
      await store.remove(target.id);
      targets.reload();
    },
    'valkeyCluster.testConnection': async (argument?: TargetArgument) => {
      const target = await connection(argument, 'Test which connection?');
      if (!target) return;
      const result = await discover(target.profile, await store.password(target.id));
      if (!result) return;
      if ('error' in result) void controller.report(`Valkey: Test ${target.label}`, result.error);
      else if (result.discovery.suggestedMap) void vscode.window.showInformationMessage(`${target.label}: ${summary(result.discovery)}. An address map would reach the rest: Edit Connection offers it.`, 'Edit Connection')
        .then((choice) => choice && vscode.commands.executeCommand('valkeyCluster.editConnection', target.id));
      else vscode.window.setStatusBarMessage(`$(check) ${target.label}: ${summary(result.discovery)}`, 8000);
      void target.snapshots.refresh();
    },
  };
}
