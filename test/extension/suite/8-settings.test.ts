// Settings changed between two Starts take effect at the second one, read when it runs: the ports move, the data stays,
// and the extension says which settings changed.
import assert from 'node:assert/strict';
import Docker from 'dockerode';
import Valkey from 'iovalkey';
import * as vscode from 'vscode';
import type { UpResult } from '../../../src/core/engine/cluster-engine';
import { EXTENSION_TEST_SETTINGS } from '../workspace-settings';
import { eventually, extensionApi, removeTestCluster } from './support';

const PROJECT = EXTENSION_TEST_SETTINGS['valkeyCluster.projectName'];
const PASSWORD = `settings-${Date.now()}-secret`;
const MOVED = { basePort: EXTENSION_TEST_SETTINGS['valkeyCluster.basePort'] + 40, exporterPort: EXTENSION_TEST_SETTINGS['valkeyCluster.exporterPort'] + 40 };

/** The host ports the project's containers publish, sorted. */
async function publishedPorts(): Promise<number[]> {
  const containers = await new Docker().listContainers({ filters: { label: [`com.docker.compose.project=${PROJECT}`] } });
  return containers.flatMap((container) => container.Ports.flatMap((port) => (port.PublicPort && port.IP !== '::' ? [port.PublicPort] : []))).sort((a, b) => a - b);
}

async function start(): Promise<UpResult> {
  const result = await vscode.commands.executeCommand<UpResult>('valkeyCluster.start');
  assert.equal(result?.readiness.ready, true, 'Start did not end ready (see the output channel)');
  return result;
}

/** A plain client on the primary that serves slot 0, as the latest healthy snapshot has it. */
async function slotZeroPrimary(): Promise<Valkey> {
  const api = await extensionApi();
  const address = await eventually('a healthy snapshot', async () => {
    const snapshot = await api.refresh();
    if (snapshot?.state !== 'ok') return undefined;
    return snapshot.shards.find((shard) => shard.slots.some((range) => range.start === 0))?.primary?.address;
  });
  const [host, port] = address.split(':');
  const client = new Valkey({ host, port: Number(port), password: PASSWORD, lazyConnect: true });
  await client.connect();
  return client;
}

async function setWorkspace(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('valkeyCluster');
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Workspace);
}

describe('settings changed between two Starts', () => {
  const changes: (readonly string[])[] = [];
  let subscription: vscode.Disposable | undefined;

  before(async () => {
    await removeTestCluster();
    const api = await extensionApi();
    subscription = api.onDidChangeSettings((keys) => changes.push(keys));
    await vscode.commands.executeCommand('valkeyCluster.setPassword', PASSWORD);
  });

  after(async () => {
    subscription?.dispose();
    await setWorkspace({ basePort: EXTENSION_TEST_SETTINGS['valkeyCluster.basePort'], exporterPort: EXTENSION_TEST_SETTINGS['valkeyCluster.exporterPort'] });
    await removeTestCluster();
  });

  it('the second Start publishes the new ports, keeps the keys, and the change is announced', async () => {
    await start();
    const before = await slotZeroPrimary();
    try {
      // "{06S}" hashes to slot 0: the client is on the node that serves it.
      await before.set('{06S}kept', 'across the move');
    } finally {
      before.disconnect();
    }
    await vscode.commands.executeCommand('valkeyCluster.stop');
    changes.length = 0;
    // Start right after the settings are written, without waiting for VS Code's change event.
    await setWorkspace(MOVED);
    await start();
    const expected = [...Array.from({ length: 6 }, (_, node) => MOVED.basePort + node), MOVED.exporterPort].sort((a, b) => a - b);
    assert.deepEqual(await publishedPorts(), expected);
    assert.deepEqual(changes.flat().filter((key) => key === 'basePort' || key === 'exporterPort').sort(), ['basePort', 'exporterPort']);
    const after = await slotZeroPrimary();
    try {
      assert.equal(await after.get('{06S}kept'), 'across the move');
    } finally {
      after.disconnect();
    }
  });
});
