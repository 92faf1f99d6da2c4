// When the local cluster cannot be shown, the view says why (TreeView.message, from the snapshot's problem) and
// its rows offer what to do about it — a bad setting: Open Settings and Show Log; an engine that does not answer:
// Select Docker Engine, Refresh, Open Settings and Show Log. A stopped cluster keeps the welcome view.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClusterSnapshot } from '../../../src/shared/snapshot';
import type { TreeRow } from '../../../src/vscode/tree-items';
import { eventually, extensionApi } from './support';

function labelOf(row: TreeRow): string {
  return typeof row.label === 'string' ? row.label : row.label?.label ?? '';
}

async function stateBecomes(state: ClusterSnapshot['state']): Promise<ClusterSnapshot> {
  const api = await extensionApi();
  return eventually(`the state ${state}`, async () => {
    const snapshot = await api.refresh();
    return snapshot?.state === state ? snapshot : undefined;
  }, 30_000);
}

/** Sets a workspace setting for the test and puts back what was there. */
async function withSetting(key: string, value: unknown, work: () => Promise<void>): Promise<void> {
  const config = vscode.workspace.getConfiguration('valkeyCluster');
  const before = config.inspect(key)?.workspaceValue;
  await config.update(key, value, vscode.ConfigurationTarget.Workspace);
  try {
    await work();
  } finally {
    await vscode.workspace.getConfiguration('valkeyCluster').update(key, before, vscode.ConfigurationTarget.Workspace);
  }
}

describe('the view says what is wrong and offers what to do', () => {
  it('a bad setting: its reason above the tree, then Open Settings and Show Log', async () => {
    await withSetting('basePort', 80, async () => {
      const snapshot = await stateBecomes('misconfigured');
      const api = await extensionApi();
      assert.match(api.treeMessage() ?? '', /valkeyCluster\.basePort 80 is out of range/);
      assert.equal(api.treeMessage(), snapshot.problems.join(' '));
      const rows = await api.treeChildren();
      assert.deepEqual(rows.map(labelOf), ['Open Settings', 'Show Log']);
      assert.deepEqual(rows.map((row) => row.command?.command), ['workbench.action.openSettings', 'valkeyCluster.showLog']);
    });
  });

  it('an engine that does not answer: the engine\'s error above the tree, then Select Docker Engine, Refresh, Open Settings, Show Log', async () => {
    await withSetting('dockerHost', 'unix:///nonexistent/docker.sock', async () => {
      await stateBecomes('noEngine');
      const api = await extensionApi();
      assert.match(api.treeMessage() ?? '', /Cannot reach the Docker engine at unix:\/\/\/nonexistent\/docker\.sock.*Valkey: Select Docker Engine/);
      const rows = await api.treeChildren();
      assert.deepEqual(rows.map(labelOf), ['Select Docker Engine', 'Refresh', 'Open Settings', 'Show Log']);
      assert.equal(rows[0].command?.command, 'valkeyCluster.selectEngine');
    });
  });

  it('with the settings fixed, the message goes and the welcome view (no rows) is back', async () => {
    await stateBecomes('absent');
    const api = await extensionApi();
    assert.equal(api.treeMessage(), undefined);
    assert.deepEqual(await api.treeChildren(), []);
  });
});
