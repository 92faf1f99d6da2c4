// Bad input on the CLI, tried as a new user would: the process answers with one sentence on stderr naming the input,
// what is valid and that nothing was changed, exits non-zero, and indeed changes nothing (no cluster of this project
// exists before or after; no password is read or written for what the command line alone refuses).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LOCAL_EXPORTER_IMAGE, LOCAL_VALKEY_IMAGE, REPO_ROOT } from './harness';

const state = mkdtempSync(join(tmpdir(), 'valkey-bad-input-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  COMPOSE_PROJECT_NAME: 'valkey-bad-input',
  VALKEY0_PORT: '6979',
  VALKEY_EXPORTER_HOST_PORT: '9181',
  VALKEY_IMAGE: LOCAL_VALKEY_IMAGE,
  VALKEY_INIT_IMAGE: LOCAL_VALKEY_IMAGE,
  VALKEY_EXPORTER_IMAGE: LOCAL_EXPORTER_IMAGE,
  XDG_STATE_HOME: state,
};
for (const name of ['VALKEY_PASSWORD', 'VALKEY_SHARDS', 'VALKEY_REPLICAS']) delete env[name];

function cli(args: string[], extra: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), ...args], { env: { ...env, ...extra }, encoding: 'utf8' });
}

const REFUSED: ReadonlyArray<readonly [string[], string]> = [
  [['scale', '--shards', '1000'], '--shards "1000" is not valid: use a whole number from 1 to 193; nothing was changed.'],
  [['up', '--shards', 'x'], '--shards "x" is not valid: use a whole number from 1 to 193; nothing was changed.'],
  [['move-slots', '99999-1', '--to', '1'], 'The slot range 99999-1 goes beyond the slots of a cluster (0-16383): write slot ranges as start-end, e.g. 0-1000, or 0-99,200-299 (slots 0-16383); nothing was changed.'],
  [['frobnicate'], '"frobnicate" is not a command of valkey-cluster: use up, stop, down, init, status, run, scale, move-slots or rebalance (valkey-cluster --help says what each does); nothing was changed.'],
  [['status', '--bogus'], '--bogus is not an option of valkey-cluster: valkey-cluster --help lists them, and an argument of a command that starts with "-" goes after --; nothing was changed.'],
];

test('a bad command line is refused in one sentence with exit 2, before a password is looked for or made', () => {
  for (const [args, sentence] of REFUSED) {
    const result = cli(args);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.equal(result.stderr, `error: ${sentence}\n`, args.join(' '));
    assert.equal(result.stdout, '');
  }
  assert.deepEqual(readdirSync(state), [], 'no password was generated or saved');
});

test('scale with no cluster running says so instead of "Infinity", and creates nothing', () => {
  const scale = cli(['scale', '--shards', '2'], { VALKEY_PASSWORD: 'bad-input-password-0123' });
  assert.equal(scale.status, 1, scale.stderr);
  assert.equal(scale.stderr, 'error: Local cluster (valkey-bad-input) is not created: there are no running shards to change, so nothing was changed. Start it with `valkey-cluster up` first.\n');
  const status = cli(['status', '--json'], { VALKEY_PASSWORD: 'bad-input-password-0123' });
  assert.equal((JSON.parse(status.stdout) as { state: string }).state, 'absent', 'no container of the project exists afterwards');
});
