// The console's real pseudoterminal inside the real extension host, against the cluster: keystrokes in,
// terminal text out; and Open Console creating the terminal.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as vscode from 'vscode';
import { createClusterSetup } from '../../../src/core/cluster-setup';
import { ConsoleSession } from '../../../src/core/console/session';
import type { UpResult } from '../../../src/core/engine/cluster-engine';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { ConsoleTerminal } from '../../../src/vscode/console-terminal';
import { EXTENSION_TEST_SETTINGS } from '../workspace-settings';
import { REPO_ROOT, eventually, removeTestCluster } from './support';

const PASSWORD = `console-${Date.now()}-secret`;

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

describe('console in the extension host', () => {
  let terminal: ConsoleTerminal;
  let screen = '';
  const state = new MemoryState();

  before(async () => {
    await vscode.commands.executeCommand('valkeyCluster.setPassword', PASSWORD);
    const result = await vscode.commands.executeCommand<UpResult>('valkeyCluster.start');
    assert.equal(result?.readiness.ready, true);
    const setup = createClusterSetup({
      settings: { ...DEFAULT_SETTINGS, projectName: EXTENSION_TEST_SETTINGS['valkeyCluster.projectName'], basePort: EXTENSION_TEST_SETTINGS['valkeyCluster.basePort'],
        exporterPort: EXTENSION_TEST_SETTINGS['valkeyCluster.exporterPort'] },
      password: PASSWORD,
      clusterDirectory: join(REPO_ROOT, 'resources', 'cluster'),
      secretsDirectory: mkdtempSync(join(tmpdir(), 'valkey-ext-console-')),
    });
    terminal = new ConsoleTerminal(new ConsoleSession({ nodes: setup.plan.nodes, reach: setup.reach }), state, 'test console');
    terminal.onDidWrite((text) => (screen += text));
    terminal.open();
  });

  after(async () => {
    terminal?.close();
    await vscode.commands.executeCommand('valkeyCluster.stop');
    await removeTestCluster(); // the last suite: leave no network holding the subnet
  });

  async function typeLine(line: string, expected: RegExp): Promise<string> {
    screen = '';
    terminal.handleInput(`${line}\r`);
    return eventually(`${expected} after "${line}"`, async () => (expected.test(screen) ? screen : undefined), 20_000);
  }

  it('echoes typed keys and prints the reply with the next prompt', async () => {
    const output = await typeLine('SET console-key "from the host"', /OK\r\n[\s\S]*valkey-node-\d:\d+> /);
    assert.match(output, /SET console-key "from the host"/);
    assert.match(await typeLine('GET console-key', /"from the host"/), /"from the host"/);
  });

  it('shows a control byte in a value escaped, never raw', async () => {
    await typeLine('SET esc "\\x1b]0;owned\\x07"', /OK/);
    const output = await typeLine('GET esc', /"\\x1b\]0;owned\\a"/);
    assert.doesNotMatch(output.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''), /\x1b\]/, 'no raw OSC sequence reaches the terminal');
  });

  it('keeps history without secrets', async () => {
    await typeLine('AUTH not-a-real-password', /\(error\)/);
    const history = state.get<string[]>('valkeyCluster.consoleHistory', []);
    assert.ok(history.includes('GET console-key'));
    assert.ok(!history.some((line) => line.includes('not-a-real-password')));
  });

  it('Valkey: Open Console opens a terminal named Valkey Console', async () => {
    await vscode.commands.executeCommand('valkeyCluster.openConsole');
    await eventually('the Valkey Console terminal', async () => vscode.window.terminals.find((entry) => entry.name === 'Valkey Console'), 10_000);
  });
});
