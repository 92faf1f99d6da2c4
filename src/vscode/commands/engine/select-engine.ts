// "Valkey: Select Docker Engine": the Docker contexts (as `docker context ls` lists them), the Podman sockets found,
// following the docker CLI, or an address typed in; the choice is written to the valkeyCluster.dockerHost setting.
import * as vscode from 'vscode';
import type { PodmanSocket } from '../../../core/engine/podman-sockets';
import { describeProblem } from '../../../core/errors';
import { core } from '../../core-loader';
import { SECTION } from '../../settings';
import { EXTENSION_WORDS } from '../../wording';

interface EngineItem extends vscode.QuickPickItem {
  readonly value?: string;
  readonly enterHost?: true;
}

function podmanLabel(socket: PodmanSocket): string {
  switch (socket.kind) {
    case 'rootless':
      return vscode.l10n.t('Podman (rootless)');
    case 'rootful':
      return vscode.l10n.t('Podman (rootful)');
    case 'machine':
      return vscode.l10n.t('Podman machine {0}', socket.machine ?? '');
  }
}

export async function selectEngine(): Promise<void> {
  const { listEngineChoices, engineSettingProblem } = core();
  const current = vscode.workspace.getConfiguration(SECTION).get<string>('dockerHost', '');
  const inUse = vscode.l10n.t('(in use)');
  const items: EngineItem[] = [
    { label: vscode.l10n.t('Follow the docker CLI'), description: current === '' ? inUse : undefined, detail: vscode.l10n.t('DOCKER_HOST, DOCKER_CONTEXT or the current context, as `docker` would choose'), value: '' },
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    ...listEngineChoices().map((choice): EngineItem => ({
      label: choice.podman ? podmanLabel(choice.podman) : choice.name,
      description: [choice.host, choice.current ? vscode.l10n.t('(docker CLI\'s current)') : undefined, current === choice.settingValue ? inUse : undefined].filter(Boolean).join(' '),
      detail: choice.problem ? `$(warning) ${choice.problem}` : choice.podman ? vscode.l10n.t('Podman\'s socket, found on this machine; Podman is not tested with this extension') : choice.description,
      value: choice.settingValue,
    })),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: vscode.l10n.t('{0} Enter an address…', '$(edit)'), detail: vscode.l10n.t('{0} or {1}', 'unix://, tcp://, ssh://user@host', 'npipe://'), enterHost: true },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Docker engine for the Valkey cluster'), placeHolder: vscode.l10n.t('Choose a Docker context or enter an address'), matchOnDescription: true,
  });
  if (!picked) return;
  const value = picked.enterHost
    ? await vscode.window.showInputBox({
      title: vscode.l10n.t('Docker engine address'),
      prompt: vscode.l10n.t('e.g. {0}', 'unix:///var/run/docker.sock, tcp://build-box:2376, ssh://me@build-box'),
      value: current.includes('://') ? current : '',
      ignoreFocusOut: true,
      validateInput: (text) => {
        const problem = text.trim() === '' ? undefined : engineSettingProblem(text.trim());
        return problem ? describeProblem(problem, EXTENSION_WORDS) : undefined;
      },
    })
    : picked.value;
  if (value === undefined) return;
  await vscode.workspace.getConfiguration(SECTION).update('dockerHost', value.trim(), vscode.ConfigurationTarget.Global);
  vscode.window.setStatusBarMessage(value.trim() ? vscode.l10n.t('Valkey: Docker engine set to {0}', value.trim()) : vscode.l10n.t('Valkey: Docker engine set to follow the docker CLI'), 4000);
}
