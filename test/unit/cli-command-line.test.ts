// The CLI's command line as a new user types it, checked before any password, engine or cluster is touched: each bad
// input is refused with one sentence naming it, what is valid, and that nothing was changed.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { type CommandLine, readCommandLine, UsageError } from '../../src/cli/command-line';
import { settingsFromEnvironment } from '../../src/cli/settings';
import { CLI_WORDS } from '../../src/cli/wording';
import { nodeRoom } from '../../src/core/cluster-setup';
import { describeError, isUserError } from '../../src/core/errors';

const LIMITS = { maxNodes: nodeRoom(resolve(__dirname, '..', '..', '..', 'resources', 'cluster')) };

function read(line: string): CommandLine {
  return readCommandLine(line.split(' ').filter(Boolean), LIMITS);
}

/** The one sentence the command line is refused with. */
function refusal(line: string): string {
  try {
    read(line);
  } catch (error) {
    assert.ok(error instanceof UsageError, `expected a UsageError for "${line}", got ${String(error)}`);
    assert.match(error.message, /; nothing was changed\.$/, `"${line}" says nothing was changed`);
    assert.doesNotMatch(error.message, /\.\s+[A-Z]/, `"${line}" is answered in one sentence`);
    return error.message;
  }
  assert.fail(`"${line}" was accepted`);
}

test('the bundled cluster network has addresses for 193 nodes: the most --shards can ask for', () => {
  assert.equal(LIMITS.maxNodes, 193);
});

test('a good command line is read with its numbers', () => {
  const line = read('scale --shards 4 --replicas 0 --dry-run --project demo');
  assert.equal(line.kind, 'command');
  if (line.kind !== 'command') return;
  assert.deepEqual([line.command, line.shards, line.replicas, line.values['dry-run'], line.values.project], ['scale', 4, 0, true, 'demo']);
  const run = read('run -- INCRBY counter -5');
  assert.deepEqual(run.kind === 'command' ? run.rest : [], ['INCRBY', 'counter', '-5'], 'after --, arguments that start with "-" are the command\'s');
  assert.equal(read('move-slots 0-99,200-299 --to 2').kind, 'command');
  assert.deepEqual(read('').kind, 'usage');
  assert.deepEqual(read('frobnicate --help').kind, 'help');
  assert.deepEqual(read('-h').kind, 'help');
});

test('--shards and --replicas: not a number, negative, fractional, zero, too many or huge names the flag and the valid range', () => {
  assert.equal(refusal('scale --shards 1000'), '--shards "1000" is not valid: use a whole number from 1 to 193; nothing was changed.');
  assert.equal(refusal('scale --shards abc'), '--shards "abc" is not valid: use a whole number from 1 to 193; nothing was changed.');
  assert.equal(refusal('up --shards 0'), '--shards "0" is not valid: use a whole number from 1 to 193; nothing was changed.');
  assert.equal(refusal('scale --shards -1'), '--shards "-1" is not valid: use a whole number from 1 to 193; nothing was changed.');
  assert.equal(refusal('scale --shards=1e3'), '--shards "1e3" is not valid: use a whole number from 1 to 193; nothing was changed.');
  assert.equal(refusal('scale --shards 99999999999999999999'), '--shards "99999999999999999999" is not valid: use a whole number from 1 to 193; nothing was changed.');
  assert.equal(refusal('up --replicas 6'), '--replicas "6" is not valid: use a whole number from 0 to 5; nothing was changed.');
  assert.equal(refusal('scale --replicas 1.5'), '--replicas "1.5" is not valid: use a whole number from 0 to 5; nothing was changed.');
  assert.equal(refusal('scale --replicas'), '--replicas needs a value: a whole number from 0 to 5; nothing was changed.');
  assert.equal(refusal('scale --shards='), '--shards needs a value: a whole number from 1 to 193; nothing was changed.');
});

test('slot ranges: out of range is not called reversed, a missing end is named', () => {
  assert.equal(refusal('move-slots 99999-1 --to 1'),
    'The slot range 99999-1 goes beyond the slots of a cluster (0-16383): write slot ranges as start-end, e.g. 0-1000, or 0-99,200-299 (slots 0-16383); nothing was changed.');
  assert.match(refusal('move-slots 5- --to 1'), /^The slot range "5-" has no end: write slot ranges as start-end, .*\(slots 0-16383\); nothing was changed\.$/);
  assert.match(refusal('move-slots 100-50 --to 1'), /^The slot range 100-50 is reversed: it ends before it starts \(50-100 is meant\?\): write slot ranges/);
  assert.match(refusal('move-slots 0-10,x --to 1'), /^"x" is not a slot range: write slot ranges as start-end/);
  assert.equal(refusal('move-slots 0-10'), 'move-slots needs --to: a primary (its name or id) or a shard number that gets the slots; nothing was changed.');
  assert.equal(refusal('move-slots'), 'move-slots needs the slot ranges to move, e.g. valkey-cluster move-slots 0-99,200-299 --to 2; nothing was changed.');
  assert.equal(refusal('move-slots 0-10 20-30 --to 1'), 'move-slots takes one list of slot ranges, not 2 (0-10 20-30): write them as one, e.g. 0-99,200-299; nothing was changed.');
});

test('an unknown command, unknown flags, values for switches and stray arguments are named', () => {
  assert.equal(refusal('frobnicate'),
    '"frobnicate" is not a command of valkey-cluster: use up, stop, down, init, status, run, scale, move-slots or rebalance (valkey-cluster --help says what each does); nothing was changed.');
  assert.equal(refusal('status --bogus'),
    '--bogus is not an option of valkey-cluster: valkey-cluster --help lists them, and an argument of a command that starts with "-" goes after --; nothing was changed.');
  assert.match(refusal('status --toString'), /^--toString is not an option of valkey-cluster/);
  assert.match(refusal('run INCRBY counter -5'), /^-5 is not an option of valkey-cluster: .* goes after --;/);
  assert.equal(refusal('status --json=1'), '--json takes no value (write --json alone, not --json=1); nothing was changed.');
  assert.equal(refusal('status extra'), 'status takes no arguments, but was given "extra"; nothing was changed.');
  assert.equal(refusal('run'), 'run needs the command to run, e.g. valkey-cluster run SET greeting hello; nothing was changed.');
  assert.equal(refusal('down --url valkey://127.0.0.1:7000'), 'down manages the cluster the CLI runs in Docker: with --url only status, run, move-slots and rebalance apply; nothing was changed.');
  assert.match(refusal('scale --url valkey://127.0.0.1:7000'), /^scale manages the cluster the CLI runs in Docker/);
});

test('words and names: --by, --method and --project say what they take', () => {
  assert.equal(refusal('rebalance --by size'), '--by "size" is not valid: use "slots" or "keys"; nothing was changed.');
  assert.equal(refusal('rebalance --method fast'), '--method "fast" is not valid: use "atomic" or "keys"; nothing was changed.');
  assert.equal(refusal('status --project My_Cluster'), '--project "My_Cluster" is not valid: use lower-case letters, digits, "-" and "_", starting with a letter or digit; nothing was changed.');
  assert.equal(refusal('status --project'), '--project needs a value: a compose project name (use lower-case letters, digits, "-" and "_", starting with a letter or digit); nothing was changed.');
});

test('a numeric environment variable that is not a whole number is named as the variable, not as a flag or NaN', () => {
  const refusedVariable = (environment: NodeJS.ProcessEnv) => {
    try {
      settingsFromEnvironment(environment);
    } catch (error) {
      assert.ok(isUserError(error));
      return describeError(error, CLI_WORDS);
    }
    return 'accepted';
  };
  assert.equal(refusedVariable({ VALKEY_SHARDS: 'abc' }), 'VALKEY_SHARDS="abc" is not a whole number: set a whole number, or unset it for the default (3); nothing was changed.');
  assert.equal(refusedVariable({ VALKEY_REPLICAS: '-1' }), 'VALKEY_REPLICAS="-1" is not a whole number: set a whole number, or unset it for the default (1); nothing was changed.');
  assert.equal(refusedVariable({ VALKEY0_PORT: '7000x' }), 'VALKEY0_PORT="7000x" is not a whole number: set a whole number, or unset it for the default (6379); nothing was changed.');
  assert.deepEqual([settingsFromEnvironment({ VALKEY_SHARDS: '4', VALKEY0_PORT: '' }).shards, settingsFromEnvironment({ VALKEY0_PORT: '' }).basePort], [4, 6379]);
});

test('a flag given to a command it is not for is refused, not ignored; a password is never a flag', () => {
  assert.equal(refusal('down --shards 3'), '--shards does not apply to down: it is for up and scale; nothing was changed.');
  assert.equal(refusal('status --dry-run'), '--dry-run does not apply to status: it is for scale, move-slots and rebalance; nothing was changed.');
  assert.equal(refusal('up --volumes'), '--volumes does not apply to up: it is for down; nothing was changed.');
  assert.equal(refusal('status --tls-insecure'), '--tls-insecure goes with --url, for a cluster the CLI did not start; nothing was changed.');
  assert.equal(refusal('status --url valkey://127.0.0.1:7000 --password x'),
    '--password is not an option of valkey-cluster: the password comes from VALKEY_PASSWORD or --password-file, never from a flag; nothing was changed.');
  for (const line of ['up --json --shards 4 --project demo', 'down --volumes', 'run --node valkey-node-3 --yes FLUSHALL', 'rebalance --by keys --method keys --dry-run --json',
    'status --url valkeys://127.0.0.1:7000 --tls-insecure --map 10.0.0.5:6379=127.0.0.1:7000 --read-only --password-file /tmp/p']) {
    assert.equal(read(line).kind, 'command', line);
  }
});
