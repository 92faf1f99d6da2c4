// Core messages name settings and actions as terms; each front end words them in its own language.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { CLI_WORDS } from '../../src/cli/wording';
import { UserError, describeError } from '../../src/core/errors';
import { DEFAULT_SETTINGS, validateSettings } from '../../src/core/settings';
import { action, joinPhrases, phrase, PLAIN_WORDS, setting, word } from '../../src/core/wording';
import { EXTENSION_WORDS } from '../../src/vscode/wording';

const ROOT = resolve(__dirname, '..', '..', '..');

test('one error, worded by each front end', () => {
  const error = new UserError('portInUse', 'Port 6380 on 127.0.0.1 (for valkey-node-1) is already in use by another program.',
    phrase`Stop that program, or change ${setting('basePort')} to a free port.`);
  assert.equal(describeError(error, EXTENSION_WORDS),
    'Port 6380 on 127.0.0.1 (for valkey-node-1) is already in use by another program. Stop that program, or change valkeyCluster.basePort to a free port.');
  assert.equal(describeError(error, CLI_WORDS),
    'Port 6380 on 127.0.0.1 (for valkey-node-1) is already in use by another program. Stop that program, or change VALKEY0_PORT to a free port.');
  assert.equal(error.message, 'Port 6380 on 127.0.0.1 (for valkey-node-1) is already in use by another program.');
  assert.equal(error.action, 'Stop that program, or change basePort to a free port.');
});

test('actions read as commands in VS Code and as shell commands in the CLI', () => {
  const hint = phrase`Read the init log (${action('showLogs', 'valkey-cluster-init')}); ${action('remove')} starts over.`;
  assert.equal(word(hint, EXTENSION_WORDS), 'Read the init log (Valkey: Show Node Logs → valkey-cluster-init); Valkey: Remove Cluster and Data starts over.');
  assert.equal(word(hint, CLI_WORDS), 'Read the init log (`docker logs valkey-cluster-init`); `valkey-cluster down --volumes` starts over.');
  assert.equal(word(hint, PLAIN_WORDS), 'Read the init log (showLogs (valkey-cluster-init)); remove starts over.');
});

test('settings problems name the CLI variable in the CLI', () => {
  const problems = joinPhrases(validateSettings({ ...DEFAULT_SETTINGS, basePort: 80, image: 'Bad Image' }));
  assert.match(word(problems, CLI_WORDS), /^VALKEY0_PORT 80 is out of range.* VALKEY_IMAGE "Bad Image" is not a valid image name/);
  assert.match(word(problems, EXTENSION_WORDS), /^valkeyCluster\.basePort 80 is out of range.* valkeyCluster\.image "Bad Image"/);
});

test('every setting and action has a word in both front ends', () => {
  for (const id of [...Object.keys(DEFAULT_SETTINGS), 'password'] as const) {
    assert.ok(CLI_WORDS.setting(id as never), id);
    assert.ok(EXTENSION_WORDS.setting(id as never), id);
  }
});

test('no core source names a VS Code setting or command itself', () => {
  const offenders: string[] = [];
  const walk = (directory: string): void => {
    for (const name of readdirSync(directory)) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && /valkeyCluster\.[a-z]|'Valkey: [A-Z]|Settings →/.test(readFileSync(path, 'utf8'))) offenders.push(path);
    }
  };
  walk(join(ROOT, 'src', 'core'));
  assert.deepEqual(offenders, []);
});
