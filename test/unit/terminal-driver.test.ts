import { test } from 'node:test';
import assert from 'node:assert/strict';
import { History } from '../../src/core/console/history';
import type { Completion } from '../../src/core/console/line-editor';
import type { ConsoleIO } from '../../src/core/console/session';
import { type ConsoleBackend, TerminalDriver } from '../../src/core/console/terminal-driver';

/** A session whose commands finish when the test says so; replies are "reply to <line>". */
class FakeSession implements ConsoleBackend {
  readonly runs: string[][] = [];
  node = 'node-0';
  transactionNote: string | undefined;
  cancellable = false;
  cancelled = 0;
  /** Lines that wait for release() before replying. */
  readonly held = new Set<string>();
  private releases: (() => void)[] = [];
  /** Asked before running a line named here. */
  readonly questions = new Map<string, string>();

  prompt(): string {
    return `${this.node}> `;
  }

  async run(line: string, io: ConsoleIO): Promise<void> {
    this.runs.push([line]);
    await this.reply(line, io);
  }

  async runBatch(lines: readonly string[], io: ConsoleIO): Promise<void> {
    this.runs.push([...lines]);
    for (const [index, line] of lines.entries()) {
      io.lineStarts?.(index, this.prompt());
      await this.reply(line, io);
    }
  }

  private async reply(line: string, io: ConsoleIO): Promise<void> {
    if (this.held.has(line)) await new Promise<void>((resolve) => this.releases.push(resolve));
    const question = this.questions.get(line);
    if (question !== undefined && !(await io.confirm(question))) return io.write('(cancelled)');
    io.write(`reply to ${line}`);
  }

  release(): void {
    for (const release of this.releases.splice(0)) release();
  }

  cancel(): boolean {
    this.cancelled += 1;
    if (this.cancellable) this.release();
    return this.cancellable;
  }

  discardTransaction(): string | undefined {
    return this.transactionNote;
  }

  complete(): Completion {
    return { replacementStart: 0, candidates: [] };
  }

  preload(): void {}
  dispose(): void {}
}

function start(session = new FakeSession()) {
  let raw = '';
  let ended = false;
  const history = new History();
  let saved: readonly string[] = [];
  const driver = new TerminalDriver({
    session, history, banner: 'banner',
    write: (data) => (raw += data),
    end: () => (ended = true),
    saveHistory: (entries) => (saved = entries),
  });
  driver.open();
  return {
    session, driver,
    /** What the terminal shows, roughly: escape sequences removed, lines split on CR LF. */
    screen: () => raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').split('\r\n').map((line) => line.slice(line.lastIndexOf('\r') + 1)),
    raw: () => raw,
    clear: () => (raw = ''),
    ended: () => ended,
    saved: () => saved,
  };
}

async function settle(): Promise<void> {
  for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
}

test('opening shows the banner and the prompt', async () => {
  const terminal = start();
  await settle();
  assert.deepEqual(terminal.screen(), ['banner', 'node-0> ']);
  assert.ok(terminal.raw().startsWith('\x1b[?2004h'));
});

test('a typed line is echoed as typed, runs, and the reply is followed by the next prompt', async () => {
  const terminal = start();
  await settle();
  terminal.driver.handleInput('GET a');
  terminal.driver.handleInput('\r');
  await settle();
  assert.deepEqual(terminal.screen(), ['banner', 'node-0> GET a', 'reply to GET a', 'node-0> ']);
  assert.deepEqual(terminal.saved(), ['GET a']);
});

test('a line typed while a command runs is shown, prompt and line, when it runs: before its reply', async () => {
  const terminal = start();
  terminal.session.held.add('BLPOP k 5');
  await settle();
  terminal.driver.handleInput('BLPOP k 5\r');
  await settle();
  const before = terminal.raw();
  terminal.session.node = 'node-2'; // the blocking command moved the console
  terminal.driver.handleInput('GET a\r');
  terminal.driver.handleInput('GET b'); // not submitted yet
  await settle();
  assert.equal(terminal.raw(), before, 'nothing is written while the command runs');
  terminal.session.release();
  await settle();
  assert.deepEqual(terminal.screen(), [
    'banner', 'node-0> BLPOP k 5', 'reply to BLPOP k 5', 'node-2> GET a', 'reply to GET a', 'node-2> GET b',
  ]);
  assert.deepEqual(terminal.session.runs, [['BLPOP k 5'], ['GET a']]);
});

test('several lines typed ahead run as one batch, each shown before its own reply', async () => {
  const terminal = start();
  terminal.session.held.add('SLOW');
  await settle();
  terminal.driver.handleInput('SLOW\r');
  await settle();
  terminal.driver.handleInput('SET a 1\rGET a\r');
  terminal.session.release();
  await settle();
  assert.deepEqual(terminal.screen(), [
    'banner', 'node-0> SLOW', 'reply to SLOW', 'node-0> SET a 1', 'reply to SET a 1', 'node-0> GET a', 'reply to GET a', 'node-0> ',
  ]);
  assert.deepEqual(terminal.session.runs, [['SLOW'], ['SET a 1', 'GET a']]);
});

test('a paste at the prompt runs as one batch; each line is shown once, right before its reply', async () => {
  const terminal = start();
  await settle();
  terminal.driver.handleInput('\x1b[200~SET a 1\r\nSET b 2\r\nGET a\r\n\x1b[201~');
  await settle();
  assert.deepEqual(terminal.screen(), [
    'banner', 'node-0> SET a 1', 'reply to SET a 1', 'node-0> SET b 2', 'reply to SET b 2', 'node-0> GET a', 'reply to GET a', 'node-0> ',
  ]);
  assert.deepEqual(terminal.session.runs, [['SET a 1', 'SET b 2', 'GET a']]);
});

test('readLine() takes lines typed ahead first, then waits for the next one, shown with its own prompt', async () => {
  const session = new FakeSession();
  session.held.add('SLOW');
  const terminal = start(session);
  await settle();
  terminal.driver.handleInput('SLOW\r');
  await settle();
  // The command is running: the loop does not read, so a reader of our own may.
  terminal.driver.handleInput('first\r');
  assert.equal(await terminal.driver.readLine(() => 'q> '), 'first');
  const second = terminal.driver.readLine(() => 'q> ');
  await assert.rejects(terminal.driver.readLine(() => 'q> '), /already waiting/);
  terminal.driver.handleInput('second\r');
  assert.equal(await second, 'second');
  const interrupted = terminal.driver.readLine(() => 'q> ');
  terminal.driver.handleInput('\x03');
  assert.equal(await interrupted, undefined);
  assert.deepEqual(terminal.screen().slice(2), ['q> first', 'q> second', 'q> ^C', '']);
  session.release();
  await settle();
});

test('a question is answered on its own prompt; yes runs the command, anything else or Ctrl+C does not', async () => {
  const session = new FakeSession();
  session.questions.set('FLUSHALL', 'FLUSHALL deletes every key. Run it?');
  const terminal = start(session);
  await settle();
  terminal.driver.handleInput('FLUSHALL\r');
  await settle();
  assert.deepEqual(terminal.screen().slice(-2), ['FLUSHALL deletes every key. Run it?', '(yes/no) ']);
  terminal.driver.handleInput('yes\r');
  await settle();
  assert.deepEqual(terminal.screen().slice(-3), ['(yes/no) yes', 'reply to FLUSHALL', 'node-0> ']);
  terminal.driver.handleInput('FLUSHALL\r');
  await settle();
  terminal.driver.handleInput('nope\r');
  await settle();
  assert.deepEqual(terminal.screen().slice(-3), ['(yes/no) nope', '(cancelled)', 'node-0> ']);
  terminal.driver.handleInput('FLUSHALL\r');
  await settle();
  terminal.driver.handleInput('\x03');
  await settle();
  assert.deepEqual(terminal.screen().slice(-3), ['(yes/no) ^C', '(cancelled)', 'node-0> ']);
});

test('Ctrl+C while a command runs stops it if it can; otherwise the lines typed ahead are dropped', async () => {
  const session = new FakeSession();
  session.held.add('BLPOP k 0');
  session.held.add('DEBUG SLEEP 1');
  const terminal = start(session);
  await settle();
  session.cancellable = true;
  terminal.driver.handleInput('BLPOP k 0\r');
  await settle();
  terminal.driver.handleInput('GET a\r');
  terminal.driver.handleInput('\x03');
  await settle();
  assert.deepEqual(session.runs, [['BLPOP k 0'], ['GET a']], 'stopped, and the line typed ahead still ran');
  session.cancellable = false;
  terminal.driver.handleInput('DEBUG SLEEP 1\rGET b\r\x03');
  session.release();
  await settle();
  assert.deepEqual(session.runs.slice(2), [['DEBUG SLEEP 1']], 'GET b was dropped');
  assert.equal(session.cancelled, 2);
});

test('Ctrl+C at the prompt ends an open transaction and says so', async () => {
  const session = new FakeSession();
  const terminal = start(session);
  await settle();
  terminal.driver.handleInput('\x03');
  await settle();
  assert.deepEqual(terminal.screen().slice(1), ['node-0> ^C', 'node-0> ']);
  session.transactionNote = '(transaction discarded)';
  terminal.driver.handleInput('SET a 1\x03');
  await settle();
  assert.deepEqual(terminal.screen().slice(-3), ['node-0> SET a 1^C', '(transaction discarded)', 'node-0> ']);
  assert.deepEqual(session.runs, []);
});

test('Ctrl+D on an empty line ends the console', async () => {
  const terminal = start();
  await settle();
  terminal.driver.handleInput('x\x04');
  assert.equal(terminal.ended(), false);
  terminal.driver.handleInput('\x7f\x04');
  assert.equal(terminal.ended(), true);
});

test('a new width redraws the prompt line while it is shown, and waits while a command runs', async () => {
  const session = new FakeSession();
  session.held.add('SLOW');
  const terminal = start(session);
  await settle();
  terminal.driver.handleInput('GET abcdefghij');
  terminal.clear();
  terminal.driver.resize(10);
  assert.equal(terminal.raw(), '\r\x1b[Jnode-0> GET abcdefghij');
  terminal.driver.handleInput('\x15SLOW\r');
  await settle();
  terminal.clear();
  terminal.driver.resize(80);
  assert.equal(terminal.raw(), '');
  session.release();
  await settle();
});

test('Tab lists candidates below the line and draws the prompt again', async () => {
  const session = new FakeSession();
  session.complete = () => ({ replacementStart: 0, candidates: ['GET', 'GETDEL'] });
  const terminal = start(session);
  await settle();
  terminal.driver.handleInput('ge\t');
  assert.deepEqual(terminal.screen().slice(1), ['node-0> GET', 'GET  GETDEL', 'node-0> GET']);
});
