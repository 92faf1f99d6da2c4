// A node that accepts connections and never answers (its process frozen with SIGSTOP, so the kernel still accepts)
// shows as failed in the tree and the status bar, and both leave that state once the node answers again.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { UpResult } from '../../../src/core/engine/cluster-engine';
import type { TreeRow } from '../../../src/vscode/tree-items';
import { eventually, extensionApi } from './support';

/** The health word the tree shows for `name` (a node row's description: role · address · health · …). */
async function shownHealth(name: string): Promise<string | undefined> {
  const api = await extensionApi();
  await api.refresh();
  const [root] = await api.treeChildren();
  const rows: TreeRow[] = root ? await api.treeChildren(root) : [];
  const nodes = [...rows.filter((row) => row.kind === 'node'), ...(await Promise.all(rows.filter((row) => row.kind === 'shard').map((shard) => api.treeChildren(shard)))).flat()];
  const row = nodes.find((entry) => entry.kind === 'node' && entry.node.name === name);
  return row ? String(row.description).split(' · ')[2] : undefined;
}

function signal(pid: number, name: 'SIGSTOP' | 'SIGCONT'): void {
  process.kill(pid, name);
}

describe('a silent node in the views', () => {
  let frozenPid: number | undefined;

  before(async () => {
    const result = await vscode.commands.executeCommand<UpResult>('valkeyCluster.start');
    assert.equal(result?.readiness.ready, true, result?.readiness.missing.join(' '));
  });

  after(async () => {
    if (frozenPid !== undefined) signal(frozenPid, 'SIGCONT');
    await vscode.commands.executeCommand('valkeyCluster.stop');
  });

  it('the tree and the status bar show the node failed while it is silent, and recover when it answers', async () => {
    const api = await extensionApi();
    const healthy = await eventually('every node online', async () => {
      const snapshot = await api.refresh();
      return snapshot?.state === 'ok' && snapshot.nodes.every((node) => node.health === 'online') ? snapshot : undefined;
    });
    const victim = healthy.nodes[2].name;
    assert.equal(await shownHealth(victim), 'online');
    assert.equal(api.statusBar().warning, false, api.statusBar().text);
    frozenPid = Number(execFileSync('docker', ['inspect', '-f', '{{.State.Pid}}', victim], { encoding: 'utf8' }).trim());
    signal(frozenPid, 'SIGSTOP');
    await eventually(`${victim} failed in the tree`, async () => ((await shownHealth(victim)) === 'failed' ? true : undefined));
    const silent = api.statusBar();
    assert.equal(silent.warning, true, silent.text);
    assert.match(silent.tooltip, new RegExp(`${victim} does not answer`));
    signal(frozenPid, 'SIGCONT');
    frozenPid = undefined;
    await eventually(`${victim} online in the tree`, async () => ((await shownHealth(victim)) === 'online' ? true : undefined));
    const recovered = await eventually('the status bar out of its warning', async () => {
      await api.refresh();
      const shown = api.statusBar();
      return shown.warning ? undefined : shown;
    });
    assert.match(recovered.text, /Valkey: ok 6\/6/);
    assert.doesNotMatch(recovered.tooltip, /does not answer/);
  });
});
