// The bundled folder under plain `docker compose`: a cluster with data, stopped, then started again with every node
// on another port. The init container meets each node at its new address, so the same cluster comes back whole,
// with every key, without being formed again.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { connectCluster } from '../../src/core/client/connect';
import { createClusterSetup } from '../../src/core/cluster-setup';
import { generatePassword, writeSecretFiles } from '../../src/core/secrets';
import { CLUSTER_DIRECTORY, LOCAL_EXPORTER_IMAGE, LOCAL_VALKEY_IMAGE, TEST_SETTINGS } from './harness';

const PROJECT = 'valkey-compose';
const secretsDirectory = mkdtempSync(join(tmpdir(), 'valkey-compose-secrets-'));
const password = generatePassword();
const KEYS = Array.from({ length: 1000 }, (_, index) => `compose:${index}`);

function setupAt(basePort: number) {
  return createClusterSetup({ settings: { ...TEST_SETTINGS, projectName: PROJECT, basePort, exporterPort: 9131 }, password, clusterDirectory: CLUSTER_DIRECTORY, secretsDirectory });
}

function compose(basePort: number, ...args: string[]): string {
  const env = {
    ...process.env,
    VALKEY_IMAGE: LOCAL_VALKEY_IMAGE, VALKEY_INIT_IMAGE: LOCAL_VALKEY_IMAGE, VALKEY_EXPORTER_IMAGE: LOCAL_EXPORTER_IMAGE,
    VALKEY_PASSWORD_FILE: join(secretsDirectory, 'valkey_password'),
    VALKEY_EXPORTER_AUTH_FILE: join(secretsDirectory, 'valkey_exporter_auth.json'),
    VALKEY_EXPORTER_PORT: '9131', VALKEY_EXPORTER_HOST_PORT: '9131',
    ...Object.fromEntries(Array.from({ length: 6 }, (_, index) => [`VALKEY${index}_PORT`, String(basePort + index)])),
  };
  return execFileSync('docker', ['compose', '-p', PROJECT, '-f', join(CLUSTER_DIRECTORY, 'docker-compose.yml'), ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `docker compose up -d`, then the init container's exit code and log. */
function upAndInit(basePort: number): { code: number; log: string } {
  compose(basePort, 'up', '-d');
  const code = Number(execFileSync('docker', ['wait', 'valkey-cluster-init'], { encoding: 'utf8' }).trim());
  return { code, log: execFileSync('docker', ['logs', 'valkey-cluster-init'], { encoding: 'utf8' }) };
}

before(() => {
  writeSecretFiles(secretsDirectory, password, setupAt(8779).plan.nodes);
  try { compose(8779, 'down', '-v'); } catch { /* nothing to remove */ }
});

after(() => {
  try { compose(8879, 'down', '-v'); } catch { /* already gone */ }
  rmSync(secretsDirectory, { recursive: true, force: true });
});

test('docker compose up on new ports brings the same cluster back whole, with every key', { timeout: 600_000 }, async () => {
  const first = upAndInit(8779);
  assert.equal(first.code, 0, first.log);
  const before = setupAt(8779);
  assert.equal((await before.waitUntilReady({ timeoutMs: 120_000 })).ready, true);
  const writer = connectCluster(before.reach);
  try {
    assert.ok((await Promise.all(KEYS.map((key) => writer.set(key, key)))).every((reply) => reply === 'OK'));
  } finally {
    writer.disconnect();
  }
  compose(8779, 'stop');

  const again = upAndInit(8879);
  assert.equal(again.code, 0, again.log);
  assert.match(again.log, /every node is back at its address/);
  assert.doesNotMatch(again.log, /creating the cluster|forgetting/);
  const moved = setupAt(8879);
  const readiness = await moved.waitUntilReady({ timeoutMs: 120_000 });
  assert.equal(readiness.ready, true, readiness.missing.join(' '));
  const reader = connectCluster(moved.reach);
  try {
    const values = await Promise.all(KEYS.map((key) => reader.get(key)));
    assert.deepEqual(KEYS.filter((key, index) => values[index] !== key), [], 'keys lost');
  } finally {
    reader.disconnect();
  }
});
