// Start → see → operate → stop, through the real commands, the real tree provider and the real SecretStorage,
// against a real cluster on the local Docker engine.
import assert from 'node:assert/strict';
import Valkey from 'iovalkey';
import * as vscode from 'vscode';
import type { ClusterSnapshot } from '../../../src/shared/snapshot';
import type { UpResult } from '../../../src/core/engine/cluster-engine';
import type { TreeRow } from '../../../src/vscode/tree-items';
import { EXTENSION_TEST_SETTINGS } from '../workspace-settings';
import { eventually, extensionApi } from './support';

const BASE_PORT = EXTENSION_TEST_SETTINGS['valkeyCluster.basePort'];

function labelOf(row: TreeRow): string {
  return typeof row.label === 'string' ? row.label : row.label?.label ?? '';
}

async function snapshotWhere(what: string, predicate: (snapshot: ClusterSnapshot) => boolean, timeoutMs?: number): Promise<ClusterSnapshot> {
  const api = await extensionApi();
  return eventually(what, async () => {
    const snapshot = await api.refresh();
    return snapshot && predicate(snapshot) ? snapshot : undefined;
  }, timeoutMs);
}

describe('cluster lifecycle through the commands', () => {
  it('Start Cluster brings up a ready cluster and reports it', async () => {
    const result = await vscode.commands.executeCommand<UpResult>('valkeyCluster.start');
    assert.ok(result, 'the command returned no result: it failed (see the output channel)');
    assert.equal(result.readiness.ready, true, result.readiness.missing.join(' '));
  });

  it('the snapshot and the tree show 3 shards, 6 nodes and 16384 slots ok', async () => {
    const snapshot = await snapshotWhere('a healthy snapshot', (s) => s.state === 'ok' && s.nodes.every((node) => node.health === 'online'));
    assert.equal(snapshot.shards.length, 3);
    assert.equal(snapshot.nodes.length, 6);
    assert.equal(snapshot.slotsOk, 16384);
    const api = await extensionApi();
    const [root] = await api.treeChildren();
    assert.equal(labelOf(root), 'Cluster: ok');
    assert.match(String(root.description), /^16384\/16384 slots ok · 6 nodes/);
    const shards = (await api.treeChildren(root)).filter((row) => row.kind === 'shard');
    assert.equal(shards.length, 3);
    for (const shard of shards) {
      const nodes = await api.treeChildren(shard);
      assert.deepEqual(nodes.map((row) => row.contextValue), ['node-primary-running', 'node-replica-running'], labelOf(shard));
      assert.match(String(nodes[1].description), /^replica · :\d+ · online · link up, lag \d+ B/);
      const [slots] = await api.treeChildren(nodes[0]);
      assert.match(labelOf(slots), /^Slots: \d+-\d+$/);
    }
  });

  it('stopping a primary container promotes its replica, and starting it again brings it back as a replica', async () => {
    const before = await snapshotWhere('a healthy snapshot', (s) => s.state === 'ok');
    const shard = before.shards[0];
    const primary = shard.primary!.name;
    const replica = shard.replicas[0].name;
    await vscode.commands.executeCommand('valkeyCluster.stopNode', primary);
    const failedOver = await snapshotWhere(`${replica} promoted`, (s) =>
      s.nodes.find((node) => node.name === replica)?.role === 'primary' && s.state === 'ok', 90_000);
    assert.equal(failedOver.nodes.find((node) => node.name === primary)?.health, 'stopped');
    const api = await extensionApi();
    const [root] = await api.treeChildren();
    const rows = (await Promise.all((await api.treeChildren(root)).filter((row) => row.kind === 'shard').map((row) => api.treeChildren(row)))).flat();
    assert.equal(rows.find((row) => labelOf(row) === replica)?.contextValue, 'node-primary-running');
    await vscode.commands.executeCommand('valkeyCluster.startNode', primary);
    await snapshotWhere(`${primary} back as a replica`, (s) => {
      const node = s.nodes.find((entry) => entry.name === primary);
      return node?.role === 'replica' && node.health === 'online' && node.linkUp === true;
    }, 90_000);
  });

  it('Show Topology opens the webview panel', async () => {
    await vscode.commands.executeCommand('valkeyCluster.showTopology');
    const api = await extensionApi();
    await eventually('the topology panel', async () => (api.topologyVisible() ? true : undefined), 10_000);
  });

  it('Set Password stores the new password in SecretStorage; a restart applies it', async () => {
    const password = `pw-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    await vscode.commands.executeCommand('valkeyCluster.setPassword', password);
    await vscode.commands.executeCommand('valkeyCluster.stop');
    const result = await vscode.commands.executeCommand<UpResult>('valkeyCluster.start');
    assert.equal(result?.readiness.ready, true);
    const client = new Valkey({ host: '127.0.0.1', port: BASE_PORT, password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      assert.equal(await client.ping(), 'PONG');
    } finally {
      client.disconnect();
    }
  });

  it('Stop Cluster stops every container and the tree falls back to the welcome view', async () => {
    await vscode.commands.executeCommand('valkeyCluster.stop');
    const snapshot = await snapshotWhere('a stopped cluster', (s) => s.state === 'stopped', 30_000);
    assert.ok(snapshot.nodes.every((node) => node.health === 'stopped'));
    assert.deepEqual(await (await extensionApi()).treeChildren(), []);
  });
});
