// The headless CLI on the same core: up, status --json, stop, down, and its errors, as a script would use it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { LOCAL_EXPORTER_IMAGE, LOCAL_VALKEY_IMAGE, REPO_ROOT } from './harness';

const state = mkdtempSync(join(tmpdir(), 'valkey-cli-state-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  COMPOSE_PROJECT_NAME: 'valkey-it',
  VALKEY0_PORT: '7379',
  VALKEY_EXPORTER_HOST_PORT: '9221',
  VALKEY_IMAGE: LOCAL_VALKEY_IMAGE,
  VALKEY_INIT_IMAGE: LOCAL_VALKEY_IMAGE,
  VALKEY_EXPORTER_IMAGE: LOCAL_EXPORTER_IMAGE,
  XDG_STATE_HOME: state,
};
delete env.VALKEY_PASSWORD;

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), ...args], { env, encoding: 'utf8' });
}

after(() => cli('down', '--volumes'));

test('up forms the cluster, generating and saving a password; status --json describes it', () => {
  cli('down', '--volumes');
  const up = cli('up', '--json');
  assert.equal(up.status, 0, up.stderr);
  const result = JSON.parse(up.stdout) as { formed: string; readiness: { ready: boolean } };
  assert.equal(result.readiness.ready, true);
  assert.equal(result.formed, 'direct');
  const status = cli('status', '--json');
  assert.equal(status.status, 0, status.stderr);
  const snapshot = JSON.parse(status.stdout) as { state: string; nodes: { name: string; role: string; hostPort: number; slots: string[]; primary: string | null; health: string }[] };
  assert.equal(snapshot.state, 'ok');
  assert.equal(snapshot.nodes.length, 6);
  const primaries = snapshot.nodes.filter((node) => node.role === 'primary');
  const replicas = snapshot.nodes.filter((node) => node.role === 'replica');
  assert.equal(primaries.length, 3);
  assert.deepEqual(replicas.map((node) => primaries.some((primary) => primary.name === node.primary)), [true, true, true]);
  assert.deepEqual(primaries.flatMap((node) => node.slots).sort(), ['0-5460', '10923-16383', '5461-10922']);
  assert.ok(snapshot.nodes.every((node) => node.health === 'online' && node.hostPort >= 7379 && node.hostPort <= 7384));
});

test('the saved password is reused: a second up is a no-op', () => {
  const up = cli('up');
  assert.equal(up.status, 0, up.stderr);
  assert.match(up.stdout, /already running and ready; nothing to do/);
});

test('stop keeps the data and status exits 1 while it is not ok', () => {
  assert.equal(cli('stop').status, 0);
  const status = cli('status');
  assert.equal(status.status, 1);
  assert.match(status.stdout, /^cluster stopped/);
});

test('usage errors exit 2, and a missing password says how to give one', () => {
  const usage = cli('restart');
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /^error: "restart" is not a command of valkey-cluster: use up, stop, down, init, status, run, scale, move-slots or rebalance \(valkey-cluster --help says what each does\); nothing was changed\.\n$/);
  const bare = cli();
  assert.equal(bare.status, 2);
  assert.match(bare.stderr, /^usage: valkey-cluster <up\|stop\|down\|init\|status\|run\|scale\|move-slots\|rebalance>/);
  const other = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'status'], { env: { ...env, XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'empty-')) }, encoding: 'utf8' });
  assert.equal(other.status, 1);
  assert.match(other.stderr, /No password is known for this cluster\. Set VALKEY_PASSWORD or pass --password-file\./);
  assert.doesNotMatch(other.stderr, /at .*\.js:\d+/, 'no stack trace');
});
