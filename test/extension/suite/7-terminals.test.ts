// The terminals and snippets of the local cluster in the real extension host: Show Node Logs follows a node's log
// live across a container restart (and says it reattached), Open Shell in Node runs valkey-cli authenticated from the
// node's secret (PING → PONG, the password never written), Connect Your App opens the snippet for the current
// ports in the right language, Copy Password puts the password on the clipboard; bad input gets a clear message.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { UpResult } from '../../../src/core/engine/cluster-engine';
import type { ConsoleOutput } from '../../../src/vscode/commands/context';
import { EXTENSION_TEST_SETTINGS } from '../workspace-settings';
import { eventually, extensionApi, removeTestCluster } from './support';

const PASSWORD = `terminals-${Date.now()}-secret`;
const BASE_PORT = EXTENSION_TEST_SETTINGS['valkeyCluster.basePort'];

describe('log and shell terminals, Connect Your App', () => {
  const written: ConsoleOutput[] = [];
  const reports: string[] = [];
  const subscriptions: vscode.Disposable[] = [];
  const screenOf = (terminal: vscode.Terminal) => written.filter((output) => output.terminal === terminal).map((output) => output.data).join('');
  /** Runs a command that fails: its error notification waits for the user, so the command is not awaited; what it
   * reported is. */
  const failureOf = async (command: string, ...args: unknown[]): Promise<string> => {
    reports.length = 0;
    void vscode.commands.executeCommand(command, ...args);
    return eventually(`${command} to report its failure`, async () => reports[0], 30_000);
  };
  const waitFor = (terminal: vscode.Terminal, pattern: RegExp, what: string) =>
    eventually(what, async () => (pattern.test(screenOf(terminal)) ? true : undefined), 60_000).catch((error: Error) => {
      throw new Error(`${error.message}; the terminal wrote ${JSON.stringify(screenOf(terminal).slice(-600))}`);
    });

  before(async () => {
    const api = await extensionApi();
    subscriptions.push(api.onDidWriteConsole((output) => written.push(output)), api.onDidReportError((message) => reports.push(message)));
    await vscode.commands.executeCommand('valkeyCluster.setPassword', PASSWORD);
    const result = await vscode.commands.executeCommand<UpResult>('valkeyCluster.start');
    assert.equal(result?.readiness.ready, true);
  });

  after(async () => {
    for (const subscription of subscriptions) subscription.dispose();
    await removeTestCluster(); // the last suite with a cluster: leave no network holding the subnet
  });

  it('Show Node Logs follows the log in a terminal, across a restart of the container, and stops when closed', async () => {
    const terminal = await vscode.commands.executeCommand<vscode.Terminal>('valkeyCluster.showNodeLogs', 'valkey-node-1');
    assert.ok(terminal, 'the command returns the terminal it opened');
    assert.equal(terminal.name, 'Logs: valkey-node-1');
    await waitFor(terminal, /Following the log of valkey-node-1[\s\S]*Ready to accept connections/, 'the log\'s history');
    await vscode.commands.executeCommand('valkeyCluster.stopNode', 'valkey-node-1');
    await waitFor(terminal, /valkey-node-1 stopped \(exit code 0\); waiting for it to start again/, 'the stop notice');
    await vscode.commands.executeCommand('valkeyCluster.startNode', 'valkey-node-1');
    await waitFor(terminal, /reattached to its log[\s\S]*Ready to accept connections/, 'lines written after the restart');
    const afterRestart = screenOf(terminal).slice(screenOf(terminal).indexOf('reattached to its log'));
    assert.equal(afterRestart.match(/Valkey is starting/g)?.length, 1, 'the new start, once');
    assert.ok(!screenOf(terminal).includes(PASSWORD));
    terminal.dispose();
    await eventually('the terminal closed', async () => (vscode.window.terminals.includes(terminal) ? undefined : true));
    const length = screenOf(terminal).length;
    await vscode.commands.executeCommand('valkeyCluster.stopNode', 'valkey-node-1');
    await vscode.commands.executeCommand('valkeyCluster.startNode', 'valkey-node-1');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(screenOf(terminal).length, length, 'a closed log terminal follows nothing more');
  });

  it('Show Node Logs of a container that does not exist says so and opens no terminal', async () => {
    const before = vscode.window.terminals.length;
    // Start formed the cluster directly: the one-off init container was never created.
    const report = await failureOf('valkeyCluster.showNodeLogs', 'valkey-cluster-init');
    assert.equal(vscode.window.terminals.length, before);
    assert.match(report, /Show Node Logs failed: valkey-cluster-init has no container \(it was never started or was removed\)\. Start the cluster to create it \(Valkey: Start Cluster\)\./);
  });

  it('Open Shell in Node: valkey-cli answers PING with PONG, the password is never written, quit closes the terminal', async () => {
    const terminal = await vscode.commands.executeCommand<vscode.Terminal>('valkeyCluster.openShell', 'valkey-node-0');
    assert.ok(terminal);
    assert.equal(terminal.name, 'valkey-cli: valkey-node-0');
    await waitFor(terminal, new RegExp(`127\\.0\\.0\\.1:${BASE_PORT}> `), 'the valkey-cli prompt');
    terminal.sendText('PING\r', false);
    await waitFor(terminal, /PONG/, 'PONG');
    // One line at a time, each after the reply to the one before: valkey-cli -c drops keys typed while it follows a
    // redirect to another node. The value is matched as a reply line, not in the echo of the command that set it.
    terminal.sendText('SET {shell}:greeting "from the shell"\r', false);
    await waitFor(terminal, /\r\nOK\r\n/, 'OK');
    terminal.sendText('GET {shell}:greeting\r', false);
    await waitFor(terminal, /\r\n"from the shell"\r\n/, 'the value');
    const closed = new Promise<vscode.Terminal>((resolve) => {
      const listener = vscode.window.onDidCloseTerminal((gone) => gone === terminal && (listener.dispose(), resolve(gone)));
    });
    terminal.sendText('quit\r', false);
    assert.equal((await closed).exitStatus?.code, 0);
    assert.ok(!screenOf(terminal).includes(PASSWORD), 'the password never reaches the terminal');
  });

  it('Open Shell in a stopped node says it is not running', async () => {
    await vscode.commands.executeCommand('valkeyCluster.stopNode', 'valkey-node-4');
    const before = vscode.window.terminals.length;
    try {
      const report = await failureOf('valkeyCluster.openShell', 'valkey-node-4');
      assert.equal(vscode.window.terminals.length, before);
      assert.match(report, /Open Shell in Node failed: valkey-node-4 is not running \(its container is exited\).*Valkey: Start Node Container → valkey-node-4/);
    } finally {
      await vscode.commands.executeCommand('valkeyCluster.startNode', 'valkey-node-4');
    }
  });

  it('Connect Your App opens the snippet for the current ports and address map, in the client\'s language, without the password', async () => {
    const opened: vscode.TextDocument[] = [];
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('valkeyCluster.connectApp', 'iovalkey');
    opened.push(document);
    assert.ok(document);
    assert.equal(document.languageId, 'javascript');
    assert.equal(document.isUntitled, true);
    const text = document.getText();
    for (let index = 0; index < 6; index++) {
      assert.ok(text.includes(`'172.19.0.6${index}:${BASE_PORT + index}': { host: '127.0.0.1', port: ${BASE_PORT + index} }`), `natMap entry of node ${index}`);
    }
    assert.match(text, /password: process\.env\.VALKEY_PASSWORD/);
    assert.match(text, /Valkey: Copy Password puts it on the clipboard/);
    assert.ok(!text.includes(PASSWORD));
    for (const [client, language, entry] of [['redis-py', 'python', `("172.19.0.62", ${BASE_PORT + 2}): ("127.0.0.1", ${BASE_PORT + 2})`],
      ['lettuce', 'java', `Map.entry("172.19.0.63:${BASE_PORT + 3}", HostAndPort.of("127.0.0.1", ${BASE_PORT + 3}))`],
      ['go-redis', 'go', `"172.19.0.65:${BASE_PORT + 5}": "127.0.0.1:${BASE_PORT + 5}",`]] as const) {
      const other = await vscode.commands.executeCommand<vscode.TextDocument>('valkeyCluster.connectApp', client);
      opened.push(other);
      assert.equal(other.languageId, language, client);
      assert.ok(other.getText().includes(entry), `${client}: ${entry}`);
      assert.ok(!other.getText().includes(PASSWORD));
    }
    // Untitled snippets are unsaved: revert them as they close, so no save dialog is asked for.
    for (const snippet of opened) {
      await vscode.window.showTextDocument(snippet);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('Copy Password puts the password on the clipboard, only when asked', async () => {
    await vscode.env.clipboard.writeText('something else');
    await vscode.commands.executeCommand('valkeyCluster.copyPassword');
    assert.equal(await vscode.env.clipboard.readText(), PASSWORD);
    await vscode.env.clipboard.writeText('');
  });

  it('Connect Your App for a stopped cluster opens no snippet', async () => {
    await vscode.commands.executeCommand('valkeyCluster.stop');
    const editors = vscode.workspace.textDocuments.length;
    const document = await vscode.commands.executeCommand('valkeyCluster.connectApp', 'iovalkey');
    assert.equal(document, undefined);
    assert.equal(vscode.workspace.textDocuments.length, editors);
  });
});
