// What the log and shell terminals are built on, against a real cluster: a followed log shows its history, keeps
// following across a container restart (saying so, repeating nothing) and stops when disposed; valkey-cli in a
// node answers typed commands, never shows the password, ends with its program, and leaves nothing running when
// closed; stopped and missing containers get clear errors.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Docker from 'dockerode';
import { UserError } from '../../src/core/errors';
import type { NodeShell } from '../../src/core/engine/node-shell';
import { generatePassword } from '../../src/core/secrets';
import { testSetup } from './harness';

const password = generatePassword();
const setup = testSetup({ enableExporter: false }, password);
const { engine } = setup;
const docker = new Docker();

before(async () => {
  await engine.down({ removeVolumes: true });
  const result = await engine.up();
  assert.equal(result.readiness.ready, true, result.readiness.missing.join(' '));
});
after(async () => engine.down({ removeVolumes: true }));

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const STARTING = /Valkey is starting/g;

test('a followed log shows its history, says when the container stops, reattaches after the restart and repeats nothing', async () => {
  let screen = '';
  const { follower, done } = await engine.followLogs('valkey-node-1', 300, (text) => (screen += text));
  try {
    await until('the history', () => /Ready to accept connections/.test(screen));
    assert.equal(screen.match(STARTING)?.length, 1, screen);
    assert.doesNotMatch(screen, /^\d{4}-\d\d-\d\dT/m, 'timestamps are taken off');
    await engine.stopNode('valkey-node-1');
    await until('the stop notice', () => /valkey-node-1 stopped \(exit code 0\); waiting for it to start again/.test(screen));
    await engine.startNode('valkey-node-1');
    await until('the reattach notice and the new start\'s lines', () => /reattached to its log[\s\S]*Ready to accept connections/.test(screen));
    const afterRestart = screen.slice(screen.indexOf('reattached to its log'));
    assert.equal(afterRestart.match(STARTING)?.length, 1, 'the new start is shown once');
    assert.equal(screen.match(STARTING)?.length, 2, 'nothing from before the restart is shown again');
    assert.ok(!screen.includes(password));
  } finally {
    follower.dispose();
  }
  await done;
  const length = screen.length;
  await engine.stopNode('valkey-node-1');
  await engine.startNode('valkey-node-1');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(screen.length, length, 'a disposed follower writes nothing more');
});

test('the log follower reattaches after a docker restart too (the container was down only briefly)', async () => {
  let screen = '';
  const { follower, done } = await engine.followLogs('valkey-node-2', 5, (text) => (screen += text));
  try {
    await docker.getContainer('valkey-node-2').restart({ t: 5 });
    await until('the lines of the new start', () => /reattached to its log[\s\S]*Ready to accept connections/.test(screen));
  } finally {
    follower.dispose();
  }
  await done;
});

async function shell(service: string): Promise<{ shell: NodeShell; screen: () => string; exited: Promise<number | undefined> }> {
  let screen = '';
  let exit: (code: number | undefined) => void = () => undefined;
  const exited = new Promise<number | undefined>((resolve) => (exit = resolve));
  const opened = await engine.openShell(service, { columns: 100, rows: 30 }, { output: (text) => (screen += text), exit });
  return { shell: opened, screen: () => screen, exited };
}

test('valkey-cli in a node: authenticated from the node\'s secret, answers typed commands, ends with the program', async () => {
  const { shell: cli, screen, exited } = await shell('valkey-node-0');
  await until('the prompt', () => /127\.0\.0\.1:\d+> /.test(screen()));
  cli.write('PING\r');
  await until('PONG', () => /PONG/.test(screen()));
  cli.write('SET {shell}:k "typed in a TTY"\r');
  cli.write('GET {shell}:k\r');
  await until('the value', () => /"typed in a TTY"/.test(screen()));
  cli.write('quit\r');
  assert.equal(await exited, 0);
  assert.ok(!screen().includes(password), 'the password never reaches the terminal');
});

test('closing the shell quits valkey-cli inside the container', async () => {
  const { shell: cli, screen, exited } = await shell('valkey-node-3');
  await until('the prompt', () => /127\.0\.0\.1:\d+> /.test(screen()));
  const running = async () => ((await docker.getContainer('valkey-node-3').top() as { Processes?: string[][] }).Processes ?? []).some((row) => row.join(' ').includes('valkey-cli -c'));
  assert.equal(await running(), true);
  cli.close();
  await exited;
  const deadline = Date.now() + 20_000;
  while (await running()) {
    assert.ok(Date.now() < deadline, 'valkey-cli still runs after the shell was closed');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});

test('a shell into a stopped node says it is not running; logs of a removed container say it has none', async () => {
  await engine.stopNode('valkey-node-4');
  await assert.rejects(engine.openShell('valkey-node-4', { columns: 80, rows: 24 }, { output: () => undefined, exit: () => undefined }),
    (error: unknown) => error instanceof UserError && error.code === 'notReady' && /valkey-node-4 is not running \(its container is exited\)/.test(error.message));
  await engine.startNode('valkey-node-4');
  await engine.down();
  await assert.rejects(engine.followLogs('valkey-node-4', 10, () => undefined),
    (error: unknown) => error instanceof UserError && error.code === 'containerMissing' && /valkey-node-4 has no container/.test(error.message));
});
