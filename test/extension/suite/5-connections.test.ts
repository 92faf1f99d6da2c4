// Connections inside the real extension host: a standalone server and a cluster the extension did not start (real
// servers on 127.0.0.1, host network), added through the command, shown as roots of the tree beside the local
// cluster, with a console that reaches them; a read-only connection refuses writes; the password stays out of
// the settings; a connection taken out of the settings loses its root.
import assert from 'node:assert/strict';
import Valkey from 'iovalkey';
import * as vscode from 'vscode';
import { generatePassword } from '../../../src/core/secrets';
import type { ConsoleOutput } from '../../../src/vscode/commands/context';
import type { TreeRow } from '../../../src/vscode/tree-items';
import { type HostServers, startHostCluster, startHostStandalone, type TestUser } from '../../support/host-cluster';
import { eventually, extensionApi } from './support';

const admin: TestUser = { name: 'admin', password: generatePassword(), rules: ['~*', '&*', '+@all'] };
const CLUSTER_PORTS = [7960, 7961, 7962, 7963, 7964, 7965];
const STANDALONE = 7966;

function labelOf(row: TreeRow): string {
  return typeof row.label === 'string' ? row.label : row.label?.label ?? '';
}

function profile(id: string, label: string, seeds: string[], readOnly = false) {
  return { id, label, seeds, username: admin.name, addressMap: {}, readOnly };
}

describe('connections to clusters the extension did not start', () => {
  let cluster: HostServers;
  let standalone: HostServers;
  const written: ConsoleOutput[] = [];
  const screenOf = (terminal: vscode.Terminal) => written.filter((output) => output.terminal === terminal).map((output) => output.data).join('');

  before(async () => {
    cluster = await startHostCluster({ ports: CLUSTER_PORTS, users: [admin] });
    standalone = await startHostStandalone({ ports: [STANDALONE], users: [admin] });
    (await extensionApi()).onDidWriteConsole((output) => written.push(output));
  });

  after(async () => {
    await vscode.workspace.getConfiguration('valkeyCluster').update('connections', undefined, vscode.ConfigurationTarget.Global);
    await Promise.all([cluster?.stop(), standalone?.stop()]);
  });

  it('Add Connection tests and saves a cluster; its root shows it ok beside the local cluster', async () => {
    const outcome = await vscode.commands.executeCommand('valkeyCluster.addConnection', { profile: profile('it-cluster', 'it cluster', [`127.0.0.1:${CLUSTER_PORTS[0]}`]), password: admin.password });
    assert.equal(outcome, 'saved');
    const api = await extensionApi();
    const root = await eventually('the connection root is ok', async () => {
      const roots = await api.treeChildren();
      return roots.find((row) => labelOf(row) === 'it cluster: ok');
    });
    assert.equal(root.contextValue, 'connection');
    assert.ok((await api.treeChildren()).some((row) => /^Local cluster: /.test(labelOf(row))), 'the local cluster keeps its root');
    const shards = await api.treeChildren(root);
    assert.equal(shards.filter((row) => row.kind === 'shard').length, 3);
    const nodes = (await Promise.all(shards.filter((row) => row.kind === 'shard').map((shard) => api.treeChildren(shard)))).flat();
    assert.equal(nodes.length, 6);
    assert.ok(nodes.every((row) => /^connection-node-(primary|replica)$/.test(String(row.contextValue))), nodes.map((row) => row.contextValue).join());
  });

  it('the password is in secret storage only: not in the settings, the snapshots the views get, or the log', async () => {
    const api = await extensionApi();
    assert.ok(!JSON.stringify(api.snapshots()).includes(admin.password), 'password in a snapshot');
    assert.equal(api.logRedactions(), 0, 'something tried to log a secret');
    const settings = vscode.workspace.getConfiguration('valkeyCluster').inspect<unknown[]>('connections');
    const stored = JSON.stringify(settings?.globalValue ?? []);
    assert.match(stored, /it-cluster/);
    assert.ok(!stored.includes(admin.password));
  });

  it('a console on the connection routes by key, like valkey-cli -c', async () => {
    const root = (await (await extensionApi()).treeChildren()).find((row) => labelOf(row) === 'it cluster: ok');
    const terminal = await vscode.commands.executeCommand<vscode.Terminal>('valkeyCluster.openConsole', root);
    assert.ok(terminal);
    await eventually('the prompt', async () => (/127\.0\.0\.1:79\d\d> /.test(screenOf(terminal)) ? true : undefined));
    terminal.sendText('SET {conn}:greeting hello', true);
    terminal.sendText('GET {conn}:greeting', true);
    await eventually('the reply', async () => {
      return /"hello"/.test(screenOf(terminal)) ? true : undefined;
    });
    const direct = new Valkey.Cluster([{ host: '127.0.0.1', port: CLUSTER_PORTS[0] }], { redisOptions: { username: admin.name, password: admin.password } });
    try {
      assert.equal(await direct.get('{conn}:greeting'), 'hello');
    } finally {
      direct.disconnect();
    }
    terminal.dispose();
  });

  it('a read-only standalone server: one node, its console refuses writes', async () => {
    const outcome = await vscode.commands.executeCommand('valkeyCluster.addConnection', { profile: profile('it-standalone', 'it standalone', [`127.0.0.1:${STANDALONE}`], true), password: admin.password });
    assert.equal(outcome, 'saved');
    const api = await extensionApi();
    const root = await eventually('the standalone root', async () => (await api.treeChildren()).find((row) => labelOf(row) === 'it standalone: ok'));
    assert.equal(root.contextValue, 'connection-ro');
    assert.match(String(root.description), /^standalone server · 1 node · read-only/);
    const terminal = await vscode.commands.executeCommand<vscode.Terminal>('valkeyCluster.openConsole', root);
    await eventually('the prompt', async () => (/127\.0\.0\.1:7966> /.test(screenOf(terminal)) ? true : undefined));
    terminal.sendText('SET key value', true);
    await eventually('the refusal', async () => {
      return /Read-only console: SET writes/.test(screenOf(terminal)) ? true : undefined;
    });
    terminal.dispose();
  });

  it('a connection taken out of the settings loses its root; the others stay', async () => {
    const api = await extensionApi();
    assert.ok((await api.treeChildren()).some((row) => labelOf(row) === 'it standalone: ok'));
    const config = vscode.workspace.getConfiguration('valkeyCluster');
    await config.update('connections', config.get<{ id: string }[]>('connections', []).filter((entry) => entry.id !== 'it-standalone'), vscode.ConfigurationTarget.Global);
    await eventually('the root is gone', async () => ((await api.treeChildren()).some((row) => labelOf(row).startsWith('it standalone')) ? undefined : true));
    assert.ok((await api.treeChildren()).some((row) => labelOf(row) === 'it cluster: ok'));
  });
});
