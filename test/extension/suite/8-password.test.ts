// One password per local cluster, whatever the client: a client whose secret storage has no password (a new browser
// profile, another machine's VS Code over Remote-SSH, storage emptied) takes the one in the cluster's secret file,
// says so once, and Start brings the same cluster up with it; no second password goes into the file. When the file is
// lost while the cluster runs, the view says what to do, and Set Password with the cluster's password mends it.
import assert from 'node:assert/strict';
import { readFileSync, unlinkSync } from 'node:fs';
import Valkey from 'iovalkey';
import * as vscode from 'vscode';
import type { UpResult } from '../../../src/core/engine/cluster-engine';
import { EXTENSION_TEST_SETTINGS } from '../workspace-settings';
import { eventually, extensionApi, removeTestCluster } from './support';

const BASE_PORT = EXTENSION_TEST_SETTINGS['valkeyCluster.basePort'];
const PROJECT = EXTENSION_TEST_SETTINGS['valkeyCluster.projectName'];

async function ping(password: string): Promise<string> {
  const client = new Valkey({ host: '127.0.0.1', port: BASE_PORT, password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await client.ping();
  } finally {
    client.disconnect();
  }
}

describe('the secret storage emptied between Stop and Start', () => {
  before(removeTestCluster);
  after(removeTestCluster);

  it('Start ends ready with the password in the cluster\'s secret file, and the user is told once', async () => {
    const api = await extensionApi();
    const first = await vscode.commands.executeCommand<UpResult>('valkeyCluster.start');
    assert.equal(first?.readiness.ready, true, first?.readiness.missing.join(' '));
    const password = readFileSync(api.passwordFile(), 'utf8');
    await vscode.commands.executeCommand('valkeyCluster.stop');

    const notices: string[] = [];
    const subscription = api.onDidAdoptPassword((notice) => notices.push(notice));
    try {
      await api.forgetStoredPassword();
      const again = await vscode.commands.executeCommand<UpResult>('valkeyCluster.start');
      assert.equal(again?.readiness.ready, true, again?.readiness.missing.join(' '));
      assert.equal(readFileSync(api.passwordFile(), 'utf8'), password, 'the secret file still holds the cluster\'s password');
      assert.equal(await ping(password), 'PONG');
      const snapshot = await eventually('a healthy snapshot', async () => {
        const latest = await api.refresh();
        return latest?.state === 'ok' && latest.nodes.every((node) => node.health === 'online') ? latest : undefined;
      });
      assert.equal(snapshot.slotsOk, 16384);
      assert.equal(notices.length, 1, notices.join('\n'));
      assert.match(notices[0], new RegExp(`no password for the local cluster "${PROJECT}"`));
      assert.doesNotMatch(notices[0], new RegExp(password));
      assert.equal(api.logRedactions(), 0);
    } finally {
      subscription.dispose();
    }
  });

  it('the secret file lost while the cluster runs: the view says what to do, and Set Password with its password mends it', async () => {
    const api = await extensionApi();
    const password = readFileSync(api.passwordFile(), 'utf8');
    unlinkSync(api.passwordFile());
    await api.forgetStoredPassword();
    const refused = await eventually('a snapshot whose nodes refuse the new password', async () => {
      const latest = await api.refresh();
      return latest?.nodes.some((node) => /WRONGPASS/.test(node.error ?? '')) ? latest : undefined;
    });
    assert.match(refused.problems[0], /refuses the password in the cluster's secret file.*Restart the cluster \(Stop, then Start\).*Valkey: Set Password/);
    assert.notEqual(readFileSync(api.passwordFile(), 'utf8'), password, 'a new password was made for the lost one');
    await vscode.commands.executeCommand('valkeyCluster.setPassword', password);
    const healthy = await eventually('a healthy snapshot', async () => {
      const latest = await api.refresh();
      return latest?.state === 'ok' && latest.nodes.every((node) => node.health === 'online') ? latest : undefined;
    });
    assert.equal(healthy.slotsOk, 16384);
    assert.equal(readFileSync(api.passwordFile(), 'utf8'), password);
  });
});
