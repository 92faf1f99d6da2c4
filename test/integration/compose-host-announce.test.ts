// The bundled folder under plain `docker compose` with VALKEY_ANNOUNCE_CLIENT_IP=127.0.0.1: the init container forms
// the cluster without valkey-cli --cluster (which would dial 127.0.0.1 inside its own container) and succeeds, and a
// cluster client on this machine with no address map follows every redirect.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Cluster } from 'iovalkey';
import { createClusterSetup } from '../../src/core/cluster-setup';
import { generatePassword, writeSecretFiles } from '../../src/core/secrets';
import { CLUSTER_DIRECTORY, LOCAL_EXPORTER_IMAGE, LOCAL_VALKEY_IMAGE, TEST_SETTINGS } from './harness';

const PROJECT = 'valkey-compose-announce';
const BASE_PORT = 8979;
const secretsDirectory = mkdtempSync(join(tmpdir(), 'valkey-announce-secrets-'));
const password = generatePassword();
const setup = createClusterSetup({
  settings: { ...TEST_SETTINGS, projectName: PROJECT, basePort: BASE_PORT, exporterPort: 9141, announceHostAddress: true },
  password, clusterDirectory: CLUSTER_DIRECTORY, secretsDirectory,
});

function compose(...args: string[]): string {
  const env = {
    ...process.env,
    VALKEY_IMAGE: LOCAL_VALKEY_IMAGE, VALKEY_INIT_IMAGE: LOCAL_VALKEY_IMAGE, VALKEY_EXPORTER_IMAGE: LOCAL_EXPORTER_IMAGE,
    VALKEY_PASSWORD_FILE: join(secretsDirectory, 'valkey_password'),
    VALKEY_EXPORTER_AUTH_FILE: join(secretsDirectory, 'valkey_exporter_auth.json'),
    VALKEY_EXPORTER_PORT: '9141', VALKEY_EXPORTER_HOST_PORT: '9141',
    VALKEY_ANNOUNCE_CLIENT_IP: '127.0.0.1',
    ...Object.fromEntries(Array.from({ length: 6 }, (_, index) => [`VALKEY${index}_PORT`, String(BASE_PORT + index)])),
  };
  return execFileSync('docker', ['compose', '-p', PROJECT, '-f', join(CLUSTER_DIRECTORY, 'docker-compose.yml'), ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

before(() => {
  writeSecretFiles(secretsDirectory, password, setup.plan.nodes);
  try { compose('down', '-v'); } catch { /* nothing to remove */ }
});

after(() => {
  try { compose('down', '-v'); } catch { /* already gone */ }
  rmSync(secretsDirectory, { recursive: true, force: true });
});

test('docker compose up in host-announce mode: init forms the cluster and succeeds; host clients need no map', { timeout: 300_000 }, async () => {
  compose('up', '-d');
  const code = Number(execFileSync('docker', ['wait', 'valkey-cluster-init'], { encoding: 'utf8' }).trim());
  const log = execFileSync('docker', ['logs', 'valkey-cluster-init'], { encoding: 'utf8' });
  assert.equal(code, 0, log);
  assert.match(log, /init: creating the cluster: 6 nodes, 1 replica\(s\) per primary/);
  assert.match(log, /clients are told 127\.0\.0\.1 \(host-announce mode\)\ninit: cluster ready/);
  assert.equal((await setup.waitUntilReady({ timeoutMs: 120_000 })).ready, true);
  const client = new Cluster([{ host: '127.0.0.1', port: BASE_PORT }], { redisOptions: { password }, lazyConnect: true });
  client.on('error', () => undefined);
  try {
    const keys = Array.from({ length: 300 }, (_, index) => `announce:${index}`);
    assert.ok((await Promise.all(keys.map((key) => client.set(key, key)))).every((reply) => reply === 'OK'));
    assert.deepEqual(await Promise.all(keys.map((key) => client.get(key))), keys);
    const masters = client.nodes('master').map((node) => `${node.options.host}:${node.options.port}`).sort();
    assert.deepEqual(masters.length, 3);
    assert.ok(masters.every((address) => /^127\.0\.0\.1:89(79|8[0-4])$/.test(address)), masters.join());
  } finally {
    client.disconnect();
  }
});
