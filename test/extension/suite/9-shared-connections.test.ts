// One set of connections per cluster, whatever is open: with the tree, the topology, the Keys view (a page listed)
// and a console (commands run on keys and on every primary) open against the local cluster, each node sees at most
// 3 connections from this machine, and a minute of idling (views refreshing every second) opens none. Counted from
// inside the nodes: CLIENT LIST entries whose address is the cluster network's gateway (where connections to the
// published ports arrive from), and the CLIENT SETNAME calls every new connection of ours makes (the nodes' own
// health check opens a connection every 2 s, so total_connections_received cannot tell ours).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import * as vscode from 'vscode';
import type { UpResult } from '../../../src/core/engine/cluster-engine';
import type { ConsoleOutput } from '../../../src/vscode/commands/context';
import { EXTENSION_TEST_SETTINGS } from '../workspace-settings';
import { eventually, extensionApi, removeTestCluster } from './support';

const run = promisify(execFile);
const PROJECT = EXTENSION_TEST_SETTINGS['valkeyCluster.projectName'];
const BASE_PORT = EXTENSION_TEST_SETTINGS['valkeyCluster.basePort'];
const PASSWORD = `shared-${Date.now()}-secret`;
const MOST_PER_NODE = 3;
const IDLE_MS = 60_000;

interface NodeCount {
  readonly node: string;
  /** Connections from this machine (the gateway's address). */
  readonly fromHost: number;
  /** Connections of ours the node has accepted since it started: each names itself once. */
  readonly named: number;
}

/** The gateway of the network a node container is on: connections to published ports arrive from it. */
async function gatewayOf(containerId: string): Promise<string> {
  const { NetworkSettings } = await new Docker().getContainer(containerId).inspect();
  const address = Object.values(NetworkSettings.Networks)[0]?.Gateway;
  assert.ok(address, `container ${containerId} has a network gateway`);
  return address;
}

/** One valkey-cli inside each node container (authenticated from the node's own secret file): its clients and stats. */
async function counts(): Promise<NodeCount[]> {
  return Promise.all(Array.from({ length: 6 }, async (_, index) => {
    const node = `valkey-node-${index}`;
    const [container] = await new Docker().listContainers({ filters: { label: [`com.docker.compose.project=${PROJECT}`, `com.docker.compose.service=${node}`] } });
    assert.ok(container, `${node} runs`);
    const from = await gatewayOf(container.Id);
    const cli = `REDISCLI_AUTH="$(cat /run/secrets/valkey_password)" valkey-cli --no-auth-warning -p ${BASE_PORT + index}`;
    const { stdout } = await run('docker', ['exec', container.Id, 'sh', '-c', `${cli} CLIENT LIST; ${cli} INFO commandstats`]);
    const fromHost = stdout.split('\n').filter((line) => line.includes(`addr=${from}:`)).length;
    const named = Number(/cmdstat_client\|setname:calls=(\d+)/.exec(stdout)?.[1] ?? 0);
    return { node, fromHost, named };
  }));
}

describe('one set of connections per cluster, whatever is open', () => {
  const written: ConsoleOutput[] = [];
  const subscriptions: vscode.Disposable[] = [];

  before(async () => {
    await removeTestCluster();
    const api = await extensionApi();
    subscriptions.push(api.onDidWriteConsole((output) => written.push(output)));
    await vscode.commands.executeCommand('valkeyCluster.setPassword', PASSWORD);
    const result = await vscode.commands.executeCommand<UpResult>('valkeyCluster.start');
    assert.equal(result?.readiness.ready, true);
  });

  after(async () => {
    for (const subscription of subscriptions) subscription.dispose();
    for (const entry of vscode.window.terminals.filter((candidate) => candidate.name === 'Valkey Console')) entry.dispose();
    await removeTestCluster();
  });

  it(`tree, topology, Keys view and a console open: at most ${MOST_PER_NODE} per node, and none opened in a minute of idling`, async function () {
    this.timeout(IDLE_MS + 120_000);
    const api = await extensionApi();
    await vscode.commands.executeCommand('valkeyCluster.tree.focus');
    await vscode.commands.executeCommand('valkeyCluster.showTopology');
    await eventually('the topology panel', async () => (api.topologyVisible() ? true : undefined), 10_000);
    await vscode.commands.executeCommand('valkeyCluster.keys.focus');
    const terminal = await vscode.commands.executeCommand<vscode.Terminal>('valkeyCluster.openConsole');
    const screen = () => written.filter((output) => output.terminal === terminal).map((output) => output.data).join('');
    await eventually('the console prompt', async () => (/valkey-node-\d:\d+> /.test(screen()) ? true : undefined), 20_000);
    // Keys on every shard through the console (routed by slot), then a command on every primary.
    for (const key of ['{a}k', '{b}k', '{c}k']) terminal.sendText(`SET ${key} v\r`, false);
    terminal.sendText('DBSIZE\r', false);
    await eventually('DBSIZE on every primary', async () => (/total: \(integer\) 3/.test(screen()) ? true : undefined), 20_000);
    await vscode.commands.executeCommand('valkeyCluster.keys.refresh');
    await api.keys.loadMore();
    await eventually('the three keys listed', async () => ((await api.keys.children()).length >= 3 ? true : undefined), 20_000);
    // Let the refreshes of every open view run a few rounds.
    await new Promise((done) => setTimeout(done, 5000));
    const busy = await counts();
    await new Promise((done) => setTimeout(done, IDLE_MS));
    const idle = await counts();
    console.log(`connections from this machine per node, views open: ${busy.map((entry) => `${entry.node} ${entry.fromHost}`).join(', ')}`);
    console.log(`connections of ours opened per node in ${IDLE_MS / 1000} s of idling: ${idle.map((entry, index) => `${entry.node} ${entry.named - busy[index].named}`).join(', ')}`);
    for (const [index, entry] of busy.entries()) {
      assert.ok(entry.fromHost >= 1, `${entry.node} has no connection from this machine: the views are not watching it`);
      assert.ok(entry.fromHost <= MOST_PER_NODE, `${entry.node} holds ${entry.fromHost} connections from this machine`);
      assert.ok(idle[index].fromHost <= MOST_PER_NODE, `${entry.node} holds ${idle[index].fromHost} connections from this machine after idling`);
      assert.ok(entry.named >= 1, `${entry.node} counted no connection of ours: the count cannot see them`);
      assert.equal(idle[index].named - entry.named, 0, `${entry.node} got new connections of ours while the views idled`);
    }
  });
});
