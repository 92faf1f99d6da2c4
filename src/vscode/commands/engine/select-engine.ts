// "Valkey: Select Docker Engine": the Docker contexts (as `docker context ls` lists them), following the docker
// CLI, or an address typed in; the choice is written to the valkeyCluster.dockerHost setting.
import * as vscode from 'vscode';
import { describeProblem } from '../../../core/errors';
import { core } from '../../core-loader';
import { SECTION } from '../../settings';
import { EXTENSION_WORDS } from '../../wording';

interface EngineItem extends vscode.QuickPickItem {
  readonly value?: string;
  readonly enterHost?: true;
}

export async function selectEngine(): Promise<void> {
  const { listEngineChoices, engineSettingProblem } = core();
  const current = vscode.workspace.getConfiguration(SECTION).get<string>('dockerHost', '');
  const items: EngineItem[] = [
    { label: 'Follow the docker CLI', description: current === '' ? '(in use)' : undefined, detail: 'DOCKER_HOST, DOCKER_CONTEXT or the current context, as `docker` would choose', value: '' },
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    ...listEngineChoices().map((choice): EngineItem => ({
      label: choice.name,
      description: [choice.host, choice.current ? '(docker CLI\'s current)' : undefined, current === choice.settingValue ? '(in use)' : undefined].filter(Boolean).join(' '),
      detail: choice.problem ? `$(warning) ${choice.problem}` : choice.description,
      value: choice.settingValue,
    })),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(edit) Enter an address…', detail: 'unix://, tcp://, ssh://user@host or npipe://', enterHost: true },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Docker engine for the Valkey cluster', placeHolder: 'Choose a Docker context or enter an address', matchOnDescription: true });
  if (!picked) return;
  const value = picked.enterHost
    ? await vscode.window.showInputBox({
      title: 'Docker engine address',
      prompt: 'e.g. unix:///var/run/docker.sock, tcp://build-box:2376, ssh://me@build-box',
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
  vscode.window.setStatusBarMessage(`Valkey: Docker engine set to ${value.trim() || 'follow the docker CLI'}`, 4000);
}
