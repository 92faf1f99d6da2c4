// The Keys view in the real extension host, against the running cluster: it lists the cluster's keys (every shard,
// with type, TTL, slot and node, and a message row with the counts), filters, opens a key, and an edit made
// through a command changes the data.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from 'iovalkey';
import * as vscode from 'vscode';
import { connectCluster } from '../../../src/core/client/connect';
import { createClusterSetup } from '../../../src/core/cluster-setup';
import type { UpResult } from '../../../src/core/engine/cluster-engine';
import { ConsoleSession } from '../../../src/core/console/session';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { ConsoleTerminal } from '../../../src/vscode/console-terminal';
import type { KeyTreeRow } from '../../../src/vscode/keys/key-rows';
import type { PostedMessage } from '../../../src/vscode/webview-posts';
import { EXTENSION_TEST_SETTINGS } from '../workspace-settings';
import { REPO_ROOT, eventually, extensionApi } from './support';

const PASSWORD = `keys-${Date.now()}-secret`;
const KEYS = 250;

function label(row: KeyTreeRow): string {
  return typeof row.label === 'string' ? row.label : row.label?.label ?? '';
}

class MemoryState implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T {
    return (this.values.has(key) ? this.values.get(key) : fallback) as T;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }
}

describe('Keys view in the extension host', () => {
  let cluster: Cluster;
  let setup: ReturnType<typeof createClusterSetup>;
  // Every message posted to a webview while this suite runs (the key editor here, the topology in the last test).
  const posted: PostedMessage[] = [];
  let recording: vscode.Disposable | undefined;

  before(async () => {
    recording = (await extensionApi()).onDidPostToWebview((message) => posted.push(message));
    await vscode.commands.executeCommand('valkeyCluster.setPassword', PASSWORD);
    const result = await vscode.commands.executeCommand<UpResult>('valkeyCluster.start');
    assert.equal(result?.readiness.ready, true);
    setup = createClusterSetup({
      settings: { ...DEFAULT_SETTINGS, projectName: EXTENSION_TEST_SETTINGS['valkeyCluster.projectName'], basePort: EXTENSION_TEST_SETTINGS['valkeyCluster.basePort'],
        exporterPort: EXTENSION_TEST_SETTINGS['valkeyCluster.exporterPort'] },
      password: PASSWORD,
      clusterDirectory: join(REPO_ROOT, 'resources', 'cluster'),
      secretsDirectory: mkdtempSync(join(tmpdir(), 'valkey-ext-keys-')),
    });
    cluster = connectCluster(setup.reach);
    cluster.on('error', () => undefined);
    await cluster.connect();
    await cluster.flushall();
    await Promise.all(Array.from({ length: KEYS }, (_, index) => cluster.set(`ext:${index}`, `value ${index}`)));
    await cluster.hset('ext:hash', 'field', 'value');
    await cluster.set(Buffer.from([0x65, 0x78, 0x74, 0x3a, 0x00, 0xff]), 'binary name');
  });

  after(async () => {
    recording?.dispose();
    cluster?.disconnect();
    await vscode.commands.executeCommand('valkeyCluster.stop'); // the console suite starts it with its own password
    // The key editors and the topology this suite opened go with it: later suites start from an empty editor area.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function allRows(): Promise<KeyTreeRow[]> {
    const api = await extensionApi();
    await vscode.commands.executeCommand('valkeyCluster.keys.refresh');
    await api.keys.children();
    await api.keys.loadMore();
    for (;;) {
      const rows = await api.keys.children();
      if (!rows.some((row) => row.kind === 'loadMore')) return rows;
      await api.keys.loadMore();
    }
  }

  it('lists every key of every shard once, with type, TTL, slot and node, and says what it scanned against DBSIZE', async () => {
    const rows = await eventually('keys in the view', async () => {
      const listed = await allRows();
      return listed.filter((row) => row.kind === 'key').length >= KEYS + 2 ? listed : undefined;
    });
    const keys = rows.filter((row): row is Extract<KeyTreeRow, { kind: 'key' }> => row.kind === 'key');
    assert.equal(keys.length, KEYS + 2);
    assert.equal(new Set(keys.map((row) => row.id)).size, keys.length, 'no key twice');
    assert.equal(new Set(keys.map((row) => row.listed.node)).size, 3, 'keys of all three shards');
    const hash = keys.find((row) => label(row) === 'ext:hash')!;
    assert.match(String(hash.description), /^hash · slot \d+ · valkey-node-\d$/);
    assert.equal(hash.contextValue, 'key-hash-rw');
    assert.ok(keys.some((row) => label(row) === '"ext:\\x00\\xff"'), 'a binary name is shown escaped');
    const message = rows[0];
    assert.equal(message.kind, 'message');
    assert.equal(label(message), `${KEYS + 2} keys`);
    assert.match(String(message.description), new RegExp(`^whole cluster scanned · DBSIZE ${KEYS + 2}$`));
    assert.match(String(message.tooltip), /valkey-node-\d: all \d+ slots scanned · \d+ keys returned · DBSIZE \d+/);
  });

  it('filters by pattern and type, and opens a key in an editor tab', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('valkeyCluster.keys.filter', 'ext:1?');
    let rows = await eventually('filtered keys', async () => {
      await api.keys.loadMore();
      const listed = await api.keys.children();
      return listed.filter((row) => row.kind === 'key').length === 10 ? listed : undefined;
    });
    assert.deepEqual(rows.filter((row) => row.kind === 'key').map(label).sort(), Array.from({ length: 10 }, (_, index) => `ext:1${index}`));
    assert.match(label(rows[0]), /^10 keys matching ext:1\?/);
    await vscode.commands.executeCommand('valkeyCluster.keys.filter', '');
    await vscode.commands.executeCommand('valkeyCluster.keys.filterType', 'hash');
    rows = await eventually('hash keys', async () => {
      await api.keys.loadMore();
      const listed = await api.keys.children();
      return listed.some((row) => row.kind === 'key') && !listed.some((row) => row.kind === 'message' && /scanning/i.test(label(row))) ? listed : undefined;
    });
    const hashes = rows.filter((row) => row.kind === 'key');
    assert.deepEqual(hashes.map(label), ['ext:hash']);
    await vscode.commands.executeCommand('valkeyCluster.keys.open', hashes[0]);
    assert.deepEqual(api.keys.openEditors().map((key) => key.toString()), ['ext:hash']);
    await vscode.commands.executeCommand('valkeyCluster.keys.clearFilter');
  });

  it('an edit through the commands changes the data: TTL, rename within the slot, delete', async () => {
    const rows = await allRows();
    const row = rows.find((candidate) => label(candidate) === 'ext:7')!;
    await vscode.commands.executeCommand('valkeyCluster.keys.setTtl', row, 300);
    const ttl = await cluster.ttl('ext:7');
    assert.ok(ttl > 290 && ttl <= 300, `TTL ${ttl}`);
    const after = await allRows();
    assert.match(String(after.find((candidate) => label(candidate) === 'ext:7')?.description), /TTL \d+ min/);

    const renamed = await vscode.commands.executeCommand<Buffer>('valkeyCluster.keys.rename', row, 'ext:7:renamed');
    assert.equal(renamed, undefined, 'a rename to another slot is refused (CROSSSLOT)');
    assert.equal(await cluster.exists('ext:7'), 1);
    await cluster.set('{t}:a', 'x');
    const tagged = (await allRows()).find((candidate) => label(candidate) === '{t}:a')!;
    const to = await vscode.commands.executeCommand<Buffer>('valkeyCluster.keys.rename', tagged, '{t}:b');
    assert.equal(to?.toString(), '{t}:b');
    assert.equal(await cluster.get('{t}:b'), 'x');
    assert.equal(await cluster.exists('{t}:a'), 0);

    assert.equal(await vscode.commands.executeCommand('valkeyCluster.keys.delete', row, true), true);
    assert.equal(await cluster.exists('ext:7'), 0);
    const final = await (await extensionApi()).keys.children();
    assert.ok(!final.some((candidate) => label(candidate) === 'ext:7'), 'the deleted key left the view');
  });

  it('Open in Console types a bounded read of the key at the prompt, and runs it only on Enter', async () => {
    const before = new Set(vscode.window.terminals);
    const rows = await allRows();
    await vscode.commands.executeCommand('valkeyCluster.keys.openInConsole', rows.find((row) => label(row) === 'ext:hash'));
    const opened = await eventually('a console terminal', async () => vscode.window.terminals.find((entry) => !before.has(entry) && entry.name === 'Valkey Console'), 10_000);
    opened.dispose(); // the console suite opens its own
    const terminal = new ConsoleTerminal(new ConsoleSession({ nodes: () => setup.plan.nodes, hub: setup.hub }), new MemoryState(), 'keys test', 'HSCAN ext:hash 0 COUNT 100\r');
    let screen = '';
    terminal.onDidWrite((text) => (screen += text));
    try {
      terminal.open(undefined);
      assert.match(screen, /HSCAN ext:hash 0 COUNT 100/);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.doesNotMatch(screen, /"field"/, 'the line waits for Enter (a control character in it is dropped)');
      terminal.handleInput('\r');
      await eventually('the reply', async () => (/"field"/.test(screen) ? true : undefined), 10_000);
    } finally {
      terminal.close();
    }
  });

  it('no message posted to the key editor or the topology carries the password', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('valkeyCluster.keys.open', (await allRows()).find((row) => label(row) === 'ext:hash'));
    await vscode.commands.executeCommand('valkeyCluster.showTopology');
    await eventually('a snapshot posted to the topology', async () => (posted.some((entry) => entry.webview === 'topology') ? true : undefined), 30_000);
    await eventually('a message posted to the key editor', async () => (posted.some((entry) => entry.webview === 'keyEditor') ? true : undefined), 30_000);
    const carrying = posted.filter((entry) => JSON.stringify(entry.message).includes(PASSWORD));
    assert.deepEqual(carrying.map((entry) => `${entry.webview}: ${JSON.stringify(entry.message).slice(0, 200)}`), []);
    // The key editor may take the editor group back when its document arrives: show the topology again before asking.
    await vscode.commands.executeCommand('valkeyCluster.showTopology');
    await eventually('the topology panel in view', async () => (api.topologyVisible() ? true : undefined), 10_000);
  });
});
