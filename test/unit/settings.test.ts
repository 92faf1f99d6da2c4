import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generatePassword, passwordProblem, writeSecretFiles } from '../../src/core/secrets';
import { publishedPortsMap } from '../../src/core/client/published-ports';
import { DEFAULT_SETTINGS, composeVariables, dialAddress, validateSettings } from '../../src/core/settings';
import { word } from '../../src/core/wording';
import { EXTENSION_WORDS } from '../../src/vscode/wording';

test('the defaults are valid', () => {
  assert.deepEqual(validateSettings(DEFAULT_SETTINGS), []);
});

test('each bad setting is named with what is allowed', () => {
  const problems = (overrides: Partial<typeof DEFAULT_SETTINGS>) => validateSettings({ ...DEFAULT_SETTINGS, ...overrides }).map((problem) => word(problem, EXTENSION_WORDS)).join('\n');
  assert.match(problems({ bindAddress: '0.0.0.0' }), /valkeyCluster\.bindAddress "0\.0\.0\.0" would expose the cluster.*allowRemoteBind/);
  assert.deepEqual(validateSettings({ ...DEFAULT_SETTINGS, bindAddress: '0.0.0.0', allowRemoteBind: true }), []);
  assert.match(problems({ bindAddress: 'my host' }), /is not an IP address/);
  assert.match(problems({ basePort: 80 }), /valkeyCluster\.basePort 80 is out of range/);
  assert.match(problems({ basePort: 60000 }), /bus ports \(\+10000\)/);
  assert.match(problems({ basePort: 6379.5 }), /valkeyCluster\.basePort/);
  assert.match(problems({ exporterPort: 6381 }), /collides with a node port/);
  assert.match(problems({ exporterPort: 70000 }), /valkeyCluster\.exporterPort 70000 is out of range/);
  assert.match(problems({ image: 'valkey/valkey 9' }), /valkeyCluster\.image "valkey\/valkey 9" is not a valid image name/);
  assert.match(problems({ exporterImage: 'Oliver/Exporter' }), /valkeyCluster\.exporterImage/);
  assert.match(problems({ projectName: 'My Project' }), /valkeyCluster\.projectName/);
  assert.match(problems({ readyTimeoutSeconds: 1 }), /readyTimeoutSeconds/);
});

test('settings become the compose variables, node N on basePort + N', () => {
  const variables = composeVariables({ ...DEFAULT_SETTINGS, basePort: 7000 }, { passwordFile: '/p', exporterAuthFile: '/e' });
  assert.equal(variables.VALKEY0_PORT, '7000');
  assert.equal(variables.VALKEY5_PORT, '7005');
  assert.equal(variables.VALKEY_BIND, '127.0.0.1');
  assert.equal(variables.VALKEY_PASSWORD_FILE, '/p');
});

test('host-announce mode announces the address host code dials, and only an IPv4 one', () => {
  const files = { passwordFile: '/p', exporterAuthFile: '/e' };
  assert.equal(composeVariables(DEFAULT_SETTINGS, files).VALKEY_ANNOUNCE_CLIENT_IP, '');
  assert.equal(composeVariables({ ...DEFAULT_SETTINGS, announceHostAddress: true }, files).VALKEY_ANNOUNCE_CLIENT_IP, '127.0.0.1');
  assert.equal(composeVariables({ ...DEFAULT_SETTINGS, announceHostAddress: true, bindAddress: '0.0.0.0', allowRemoteBind: true }, files).VALKEY_ANNOUNCE_CLIENT_IP, '127.0.0.1');
  assert.deepEqual(validateSettings({ ...DEFAULT_SETTINGS, announceHostAddress: true }), []);
  const problems = validateSettings({ ...DEFAULT_SETTINGS, announceHostAddress: true, bindAddress: '::1' }).map((problem) => word(problem, EXTENSION_WORDS));
  assert.deepEqual(problems, ['valkeyCluster.announceHostAddress needs an IPv4 valkeyCluster.bindAddress (nodes announce an IPv4 address to clients); "::1" is not one.']);
});

test('appendFsync reaches the nodes as VALKEY_APPENDFSYNC; only everysec and always are accepted', () => {
  const files = { passwordFile: '/p', exporterAuthFile: '/e' };
  assert.equal(composeVariables(DEFAULT_SETTINGS, files).VALKEY_APPENDFSYNC, 'everysec');
  assert.equal(composeVariables({ ...DEFAULT_SETTINGS, appendFsync: 'always' }, files).VALKEY_APPENDFSYNC, 'always');
  assert.deepEqual(validateSettings({ ...DEFAULT_SETTINGS, appendFsync: 'always' }), []);
  const problems = validateSettings({ ...DEFAULT_SETTINGS, appendFsync: 'no' as 'always' }).map((problem) => word(problem, EXTENSION_WORDS));
  assert.deepEqual(problems, ['valkeyCluster.appendFsync "no" is not valid: use everysec or always.']);
});

test('host code dials loopback even when ports are published on every interface', () => {
  assert.equal(dialAddress({ ...DEFAULT_SETTINGS, bindAddress: '0.0.0.0' }), '127.0.0.1');
  assert.equal(dialAddress({ ...DEFAULT_SETTINGS, bindAddress: '127.0.0.2' }), '127.0.0.2');
});

test('generated passwords are strong and the secret files private to the user', () => {
  const password = generatePassword();
  assert.equal(password.length, 43);
  assert.equal(passwordProblem(password), undefined);
  assert.notEqual(generatePassword(), password);
  assert.match(passwordProblem('short') ?? '', /at least 8/);
  assert.match(passwordProblem('has a space') ?? '', /spaces/);
  const directory = join(mkdtempSync(join(tmpdir(), 'secrets-test-')), 'nested');
  const files = writeSecretFiles(directory, password, [{ name: 'valkey-node-0', containerName: 'valkey-node-0', hostPort: 6379, announcedAddress: '172.19.0.60:6379' }]);
  assert.equal(readFileSync(files.passwordFile, 'utf8'), password);
  assert.deepEqual(JSON.parse(readFileSync(files.exporterAuthFile, 'utf8')), { 'redis://172.19.0.60:6379': password });
  assert.equal(statSync(files.passwordFile).mode & 0o777, 0o600);
  assert.equal(statSync(files.exporterAuthFile).mode & 0o777, 0o644, 'readable by the exporter image\'s own user');
  assert.equal(statSync(directory).mode & 0o777, 0o700);
});

test('the NAT map sends every announced address to the dial host, known or not', () => {
  const map = publishedPortsMap([{ name: 'valkey-node-0', containerName: 'valkey-node-0', hostPort: 7379, announcedAddress: '172.19.0.60:6379' }], '127.0.0.1');
  assert.deepEqual(map('172.19.0.60:6379'), { host: '127.0.0.1', port: 7379 });
  assert.deepEqual(map('10.9.9.9:6390'), { host: '127.0.0.1', port: 6390 });
});
