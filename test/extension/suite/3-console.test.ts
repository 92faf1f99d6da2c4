// The console inside the real extension host, against the cluster: the terminal that Valkey: Open Console opens,
// driven with the keys a person would type (Terminal.sendText reaches its handleInput) and read through what it
// writes (the extension's onDidWriteConsole, as VS Code gives no way to read a terminal's screen).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { UpResult } from '../../../src/core/engine/cluster-engine';
import type { ConsoleOutput } from '../../../src/vscode/commands/context';
import { eventually, extensionApi, removeTestCluster } from './support';

const PASSWORD = `console-${Date.now()}-secret`;
const UP = '\x1b[A';
const HOME = '\x01';
const END = '\x05';
const CTRL_U = '\x15';

describe('console in the extension host', () => {
  const written: ConsoleOutput[] = [];
  let subscription: vscode.Disposable | undefined;
  let terminal: vscode.Terminal;
  /** Where the output of the current step starts. */
  let mark = 0;

  /** Everything `of` wrote since the mark. */
  const screen = (of = terminal) => written.slice(mark).filter((output) => output.terminal === of).map((output) => output.data).join('');

  async function type(keys: string, expected: RegExp, of = terminal): Promise<string> {
    mark = written.length;
    of.sendText(keys, false);
    return eventually(`${expected} after typing ${JSON.stringify(keys)}`, async () => (expected.test(screen(of)) ? screen(of) : undefined), 20_000)
      .catch((error: Error) => {
        throw new Error(`${error.message}; the terminal wrote ${JSON.stringify(screen(of).slice(-300))}`);
      });
  }

  before(async () => {
    const api = await extensionApi();
    subscription = api.onDidWriteConsole((output) => written.push(output));
    await vscode.commands.executeCommand('valkeyCluster.setPassword', PASSWORD);
    const result = await vscode.commands.executeCommand<UpResult>('valkeyCluster.start');
    assert.equal(result?.readiness.ready, true);
    const opened = await vscode.commands.executeCommand<vscode.Terminal | undefined>('valkeyCluster.openConsole');
    assert.ok(opened, 'Open Console returns the terminal it opened');
    terminal = opened;
    await eventually('the first prompt', async () => (/valkey-node-\d:\d+> /.test(screen()) ? true : undefined), 20_000);
  });

  after(async () => {
    subscription?.dispose();
    for (const entry of vscode.window.terminals.filter((candidate) => candidate.name === 'Valkey Console')) entry.dispose();
    await vscode.commands.executeCommand('valkeyCluster.stop');
    await removeTestCluster(); // the last suite: leave no network holding the subnet
  });

  it('Valkey: Open Console opens a terminal named Valkey Console, with its banner', async () => {
    assert.equal(terminal.name, 'Valkey Console');
    assert.ok(vscode.window.terminals.includes(terminal));
    mark = 0;
    assert.match(screen(), /Valkey cluster console: commands go to the node that owns their key\. Type help for help\./);
  });

  it('echoes typed keys and prints the reply with the next prompt', async () => {
    const output = await type('SET console-key "from the host"\r', /OK\r\n[\s\S]*valkey-node-\d:\d+> /);
    assert.match(output, /SET console-key "from the host"/);
    assert.match(await type('GET console-key\r', /"from the host"/), /"from the host"/);
  });

  it('shows a control byte in a value escaped, never raw', async () => {
    await type('SET esc "\\x1b]0;owned\\x07"\r', /OK/);
    const output = await type('GET esc\r', /"\\x1b\]0;owned\\a"/);
    assert.doesNotMatch(output.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''), /\x1b\]/, 'no raw OSC sequence reaches the terminal');
  });

  it('shows a line typed while a command runs when it runs, before its reply', async () => {
    // Both lines arrive at once: GET waits behind the blocking pop, unseen, and is shown when its turn comes.
    const output = await type('BLPOP {ext}:empty 1\rGET console-key\r', /"from the host"\r\n[\s\S]*valkey-node-\d:\d+> /);
    const redirect = '(\\r\\x1b\\[K-> Redirected to slot \\[\\d+\\] located at [^\\r]+\\r\\n)?';
    assert.match(output, new RegExp(`BLPOP \\{ext\\}:empty 1\\r\\n[\\s\\S]*\\(nil\\)\\r\\n\\r\\x1b\\[Kvalkey-node-\\d:\\d+> GET console-key\\r\\n${redirect}\\r\\x1b\\[K"from the host"\\r\\n`));
  });

  it('runs a transaction with the (TX) prompt and prints EXEC like valkey-cli', async () => {
    await type('MULTI\r', /OK\r\n[\s\S]*\(TX\)> /);
    await type('INCR {ext}:n\r', /QUEUED\r\n[\s\S]*\(TX\)> /);
    const output = await type('EXEC\r', /1\) \(integer\) 1\r\n[\s\S]*valkey-node-\d:\d+> /);
    assert.doesNotMatch(output.slice(output.indexOf('(integer) 1')), /\(TX\)/);
  });

  it('wraps a line longer than the terminal and moves the cursor across its rows', async () => {
    const long = `ECHO ${'x'.repeat(400)}`;
    await type(long, /x{100}/);
    // Home from the end of a wrapped line goes up to the prompt's row and redraws from there: the terminal's width
    // is known (setDimensions), or the line could not have wrapped in the console's view.
    assert.match(await type(HOME, /\r\x1b\[J/), /\x1b\[\d+A\r\x1b\[J/);
    await type(`${END}${CTRL_U}\r`, /valkey-node-\d:\d+> \x1b\[K$/); // an empty line: nothing runs
  });

  it('keeps history, without secrets, for the next console', async () => {
    await type('AUTH not-a-real-password\r', /\(error\)/);
    const second = await vscode.commands.executeCommand<vscode.Terminal | undefined>('valkeyCluster.openConsole');
    assert.ok(second);
    await eventually('the second console\'s prompt', async () => (/valkey-node-\d:\d+> /.test(written.filter((output) => output.terminal === second).map((output) => output.data).join('')) ? true : undefined), 20_000);
    // Walk back through the history the second console loaded from the workspace state, to its oldest line.
    let recalled = '';
    for (let step = 0; step < 30 && !recalled.includes('SET console-key "from the host"'); step++) {
      recalled += await type(UP, /\x1b\[[JK]/, second);
    }
    assert.match(recalled, /GET console-key/);
    assert.match(recalled, /SET console-key "from the host"/);
    assert.doesNotMatch(recalled, /not-a-real-password/);
    second.dispose();
  });
});
