// Whatever changes between two runs of a cluster that holds data — its ports, bind address, images, password or
// resource limits — the next Start brings the same cluster back, ready on the new addresses, with every key.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { connectCluster } from '../../src/core/client/connect';
import { createClusterSetup } from '../../src/core/cluster-setup';
import { generatePassword } from '../../src/core/secrets';
import type { ClusterSettings } from '../../src/core/cluster-settings';
import { CLUSTER_DIRECTORY, LOCAL_VALKEY_IMAGE, TEST_SETTINGS } from './harness';

const BASE: ClusterSettings = { ...TEST_SETTINGS, projectName: 'valkey-changes', basePort: 8279, exporterPort: 9721, enableExporter: false };
const secretsDirectory = mkdtempSync(join(tmpdir(), 'valkey-changes-secrets-'));
const scratch = mkdtempSync(join(tmpdir(), 'valkey-changes-'));
const KEYS = Array.from({ length: 2000 }, (_, index) => `kept:${index}`);

function setupWith(settings: Partial<ClusterSettings>, password: string, clusterDirectory = CLUSTER_DIRECTORY) {
  return createClusterSetup({ settings: { ...BASE, ...settings }, password, clusterDirectory, secretsDirectory });
}

async function writeKeys(setup: ReturnType<typeof setupWith>): Promise<void> {
  const cluster = connectCluster(setup.reach);
  try {
    for (let start = 0; start < KEYS.length; start += 500) {
      const replies = await Promise.all(KEYS.slice(start, start + 500).map((key) => cluster.set(key, `value:${key}`)));
      assert.ok(replies.every((reply) => reply === 'OK'));
    }
  } finally {
    cluster.disconnect();
  }
}

async function assertEveryKey(setup: ReturnType<typeof setupWith>): Promise<void> {
  const cluster = connectCluster(setup.reach);
  try {
    const values = await Promise.all(KEYS.map((key) => cluster.get(key)));
    const lost = KEYS.filter((key, index) => values[index] !== `value:${key}`);
    assert.deepEqual(lost, [], `${lost.length} of ${KEYS.length} keys lost`);
  } finally {
    cluster.disconnect();
  }
}

/** Stop with one configuration, Start with another: same cluster, ready, every key. */
async function restartWith(before: ReturnType<typeof setupWith>, next: ReturnType<typeof setupWith>): Promise<void> {
  await before.engine.stop();
  const result = await next.engine.up();
  assert.equal(result.readiness.ready, true, result.readiness.missing.join(' '));
  assert.equal(result.formed, 'existing', 'the existing cluster came back; it was not formed again');
  await assertEveryKey(next);
}

/** Where the engine bound each node's published ports, as "address:port", by node. */
function boundPorts(setup: ReturnType<typeof setupWith>): Record<string, string[]> {
  return Object.fromEntries(setup.plan.nodes.map((node) => {
    const ports = JSON.parse(execFileSync('docker', ['inspect', '-f', '{{json .NetworkSettings.Ports}}', node.containerName], { encoding: 'utf8' })) as
      Record<string, { HostIp: string; HostPort: string }[] | null>;
    return [node.name, Object.values(ports).flatMap((bindings) => bindings ?? []).map((binding) => `${binding.HostIp}:${binding.HostPort}`).sort()];
  }));
}

/** Every published port of every node bound on `address` (and on no other). */
function assertBoundOn(setup: ReturnType<typeof setupWith>, address: string): void {
  const bound = boundPorts(setup);
  for (const [node, ports] of Object.entries(bound)) {
    assert.ok(ports.length > 0, `${node} publishes no port`);
    assert.deepEqual(ports.filter((port) => !port.startsWith(`${address}:`)), [], `${node} bound elsewhere than ${address}`);
  }
}

const password = generatePassword();
let current = setupWith({}, password);

before(async () => {
  await current.engine.down({ removeVolumes: true });
  const result = await current.engine.up();
  assert.equal(result.readiness.ready, true, result.readiness.missing.join(' '));
  await writeKeys(current);
});

after(async () => {
  await current.engine.down({ removeVolumes: true });
  rmSync(secretsDirectory, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
  try { execFileSync('docker', ['rmi', `${LOCAL_VALKEY_IMAGE}-renamed`], { stdio: 'ignore' }); } catch { /* not tagged */ }
});

test('new ports: every node comes back on its new port and the peers follow it', async () => {
  const next = setupWith({ basePort: 8379 }, password);
  await restartWith(current, next);
  assertBoundOn(next, '127.0.0.1');
  current = next;
});

test('another bind address: the ports are bound where the setting says', async () => {
  const next = setupWith({ basePort: 8379, bindAddress: '0.0.0.0', allowRemoteBind: true }, password);
  await restartWith(current, next);
  assertBoundOn(next, '0.0.0.0');
  current = next;
});

test('another image tag', async () => {
  execFileSync('docker', ['tag', LOCAL_VALKEY_IMAGE, `${LOCAL_VALKEY_IMAGE}-renamed`]);
  const next = setupWith({ basePort: 8379, image: `${LOCAL_VALKEY_IMAGE}-renamed` }, password);
  await restartWith(current, next);
  const image = execFileSync('docker', ['inspect', '-f', '{{.Config.Image}}', next.plan.nodes[0].containerName], { encoding: 'utf8' }).trim();
  assert.equal(image, `${LOCAL_VALKEY_IMAGE}-renamed`);
  current = next;
});

test('another password', async () => {
  const next = setupWith({ basePort: 8379 }, generatePassword());
  await restartWith(current, next);
  current = next;
});

test('other resource limits in the compose file', async () => {
  const folder = join(scratch, 'cluster');
  cpSync(CLUSTER_DIRECTORY, folder, { recursive: true });
  const compose = join(folder, 'docker-compose.yml');
  writeFileSync(compose, readFileSync(compose, 'utf8').replace('memory: 512M', 'memory: 640M'));
  const next = setupWith({ basePort: 8379 }, current.reach.credentials.password, folder);
  await restartWith(current, next);
  const memory = execFileSync('docker', ['inspect', '-f', '{{.HostConfig.Memory}}', next.plan.nodes[0].containerName], { encoding: 'utf8' }).trim();
  assert.equal(memory, String(640 * 1024 * 1024));
  current = next;
});

test('host-announce mode, then new ports in that mode: the peers follow, and clients are told the new host ports', async () => {
  const announcing = setupWith({ basePort: 8379, announceHostAddress: true }, current.reach.credentials.password);
  await restartWith(current, announcing);
  // What CLUSTER NODES says is now the host's address: peers must still be met at the container addresses.
  const moved = setupWith({ basePort: 8579, announceHostAddress: true }, current.reach.credentials.password);
  await restartWith(announcing, moved);
  const cluster = connectCluster(moved.reach);
  try {
    const told = (await cluster.cluster('SLOTS')).map((range) => `${range[2][0]}:${range[2][1]}`);
    const hostPorts = new Set(moved.plan.nodes.map((node) => `127.0.0.1:${node.hostPort}`));
    assert.equal(new Set(told).size, 3, told.join());
    assert.ok(told.every((address) => hostPorts.has(address)), told.join());
  } finally {
    cluster.disconnect();
  }
  current = moved;
});

test('back to the first ports: the cluster moves again', async () => {
  const next = setupWith({}, current.reach.credentials.password);
  await restartWith(current, next);
  current = next;
});
